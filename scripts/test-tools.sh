#!/usr/bin/env bash
# Installs the outside tools the tests drive, when missing, and exports where they are:
# - Debian: rasqal-utils (roqet, a SPARQL client), chromium (the query page in a real
#   browser), wrk (load on loopback), fonts-dejavu-core (chart text in PNG and screenshots),
#   virtuoso-opensource (the triple store `push` is tested against; the test starts its own
#   server on free loopback ports);
# - a Python venv with rdflib and SPARQLWrapper (real SPARQL clients) and pySHACL (an
#   independent SHACL validator), frictionless and csvw (the CSV descriptions), jsonschema (the
#   Reconciliation API's JSON Schemas, for the fake service's answers), pinned; its Python also
#   runs bench/load for tests/it/load_bench.rs (standard library only);
# - an npm folder with playwright-core (drives Debian's chromium; no browser download).
# Sourced by scripts/test.sh after scripts/setup.sh. Tests that need a tool fail, loudly, when
# it is absent.
set -euo pipefail

TOOLS_DIR="${ATLAS_LOD_TOOLS:-$HOME/.cache/atlas-lod/tools}"
# ensure_apt comes from scripts/setup.sh, sourced first.
# fonts-dejavu-core: the fonts the charts name, for their PNG copies and the screenshots.
ensure_apt rasqal-utils chromium wrk fonts-dejavu-core virtuoso-opensource bsdutils libxml2-utils

VENV="$TOOLS_DIR/venv"
PY_PACKAGES=(rdflib==7.1.4 SPARQLWrapper==2.0.0 pyshacl==0.30.1 frictionless==5.21.0 csvw==4.1.1 jsonschema==4.26.0)
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import rdflib, SPARQLWrapper, pyshacl, frictionless, csvw, jsonschema' 2>/dev/null; then
    echo "creating the test venv in $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
fi
export ATLAS_LOD_PYTHON="$VENV/bin/python"

NODE_DIR="$TOOLS_DIR/node"
if [ ! -f "$NODE_DIR/node_modules/playwright-core/package.json" ]; then
    echo "installing playwright-core in $NODE_DIR" >&2
    mkdir -p "$NODE_DIR"
    (cd "$NODE_DIR" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund playwright-core@1.64.1 >/dev/null)
fi
export ATLAS_LOD_NODE_PATH="$NODE_DIR/node_modules"
export ATLAS_LOD_CHROMIUM="${ATLAS_LOD_CHROMIUM:-/usr/bin/chromium}"
