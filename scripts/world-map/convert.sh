#!/usr/bin/env bash
# Regenerates src/model/world-110m.tsv from the npm package world-atlas@2.0.2 (see
# convert.mjs). Needs Node.js and the npm registry; the result is committed, so neither the
# build nor the tests need them.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund \
    world-atlas@2.0.2 topojson-client@3.1.0 i18n-iso-countries@7.14.0 >/dev/null)
mkdir -p src/charts
(cd "$work" && node "$OLDPWD/scripts/world-map/convert.mjs" \
    node_modules/world-atlas/countries-110m.json "$OLDPWD/src/model/world-110m.tsv")
