#!/usr/bin/env bash
# The main job on the bundled examples: publishes examples/pages and examples/records (two
# Atlas pages and three generated records, SIREN and INSEE codes attached from
# examples/authorities.csv) into out/bundle — store, dumps, CSV files, validation report, VoID,
# README and DCAT-AP catalogue — then asks the bundle's store for the funding per year and
# funder. `atlas-lod serve --store out/bundle/store` then serves it on http://127.0.0.1:7878/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
cargo build --quiet --bin atlas-lod
bin="$CARGO_TARGET_DIR/debug/atlas-lod"
mkdir -p out
"$bin" publish examples/pages examples/records --authorities examples/authorities.csv \
    --out out/bundle --config atlas-lod.toml \
    --endpoint-url http://127.0.0.1:7878/sparql
"$bin" query --store out/bundle/store --file queries/funding-per-year-and-funder.rq
