#!/usr/bin/env bash
# The main job on the bundled examples: converts examples/ (two Atlas pages and three
# generated records) to Turtle, JSON-LD and N-Quads in out/, loads them into the store
# out/store and asks it for the funding per year and funder.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
cargo build --quiet --bin atlas-lod
bin="$CARGO_TARGET_DIR/debug/atlas-lod"
mkdir -p out
"$bin" convert examples --to turtle -o out/examples.ttl
"$bin" convert examples --to jsonld -o out/examples.jsonld 2>/dev/null
"$bin" convert examples --to nquads -o out/examples.nq 2>/dev/null
"$bin" import examples --store out/store
"$bin" query --store out/store --file queries/funding-per-year-and-funder.rq
ls -l out/
