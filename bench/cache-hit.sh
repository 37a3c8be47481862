#!/usr/bin/env bash
# The kept-answer path of `serve` under load: one query asked again and again by 32 concurrent
# clients over loopback (wrk), after one cold request. Prints wrk's latency distribution and
# request count, and checks that every answer was a kept one (X-Cache: hit).
# Usage: bench/cache-hit.sh [DURATION_SECONDS]   (PROFILE=dev uses the test build, the default;
# ATLAS_LOD_BIN=path measures that binary instead, to compare two builds side by side)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
duration="${1:-10}"
profile="${PROFILE:-dev}"
if [ -n "${ATLAS_LOD_BIN:-}" ]; then
    bin="$ATLAS_LOD_BIN"
elif [ "$profile" = dev ]; then
    cargo test --quiet --no-run >/dev/null 2>&1
    bin="$CARGO_TARGET_DIR/debug/atlas-lod"
else
    cargo build --quiet --release --bin atlas-lod
    bin="$CARGO_TARGET_DIR/release/atlas-lod"
fi
command -v wrk >/dev/null || { echo "error: wrk is not installed (scripts/test-tools.sh installs it)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" import examples/pages examples/records "$(ls ../shared/seeds/*.txt | head -1)" --store "$work/store" --quiet
"$bin" serve --store "$work/store" --bind 127.0.0.1:0 2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
url="$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$work/serve.log" | head -1)"
query="$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(open("queries/funding-per-year-and-funder.rq").read()))')"
target="${url}sparql?query=${query}"
first="$(curl -s -o /dev/null -D - -H 'Accept: application/sparql-results+json' "$target" | tr -d '\r' | sed -n 's/^x-cache: //Ip')"
second="$(curl -s -o /dev/null -D - -H 'Accept: application/sparql-results+json' "$target" | tr -d '\r' | sed -n 's/^x-cache: //Ip')"
echo "profile $profile; first request: $first, second: $second"
wrk -t2 -c32 -d"${duration}s" --latency -H 'Accept: application/sparql-results+json' "$target"
