#!/usr/bin/env bash
# The places rebuilt offline at scale: generated records imported, a first `link wikidata` run
# against a local stand-in for Wikidata's services (bench/places_fake.py) to fill the cache and
# the review file, then timed with /usr/bin/time -v: `link wikidata --offline` (decisions again
# from the cache and the review file) and `publish --wikidata-cache --review` (the whole
# bundle, the places' files included). Prints the link summary and the two timings.
# Usage: bench/places-offline.sh [RECORDS]   (default 15000; ATLAS_LOD_BIN=path measures that
# binary, else the debug build of scripts/setup.sh's target folder)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
records="${1:-15000}"
bin="${ATLAS_LOD_BIN:-$CARGO_TARGET_DIR/debug/atlas-lod}"
[ -x "$bin" ] || { echo "error: $bin is not built (cargo build --bin atlas-lod)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is not installed (apt-get install time)" >&2; exit 2; }
work="$(mktemp -d)"
fake=""
trap '[ -n "$fake" ] && kill "$fake" 2>/dev/null; rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1796083200
"$bin" generate --count "$records" --seed 2026 --output "$work/records.jsonl"
"$bin" import "$work/records.jsonl" --store "$work/store" --quiet
python3 bench/places_fake.py 0 > "$work/fake.log" &
fake=$!
for _ in $(seq 100); do grep -q "^listening" "$work/fake.log" && break; sleep 0.1; done
url="http://127.0.0.1:$(sed -n 's/^listening //p' "$work/fake.log")/"
echo "== first run, against the local stand-in (fills the cache and the review file)"
"$bin" link wikidata --store "$work/store" --endpoint "$url" --reconcile "$url" \
    --cache "$work/cache.json" --review "$work/review.csv"
kill "$fake"; fake=""
timed() {
    /usr/bin/time -v "$@" > "$work/out.txt" 2> "$work/time.txt" || { cat "$work/out.txt" "$work/time.txt" >&2; exit 1; }
    cat "$work/out.txt"
    grep -E "User time|System time|Elapsed \(wall clock\)|Maximum resident" "$work/time.txt"
}
echo "== link wikidata --offline ($records records)"
timed "$bin" link wikidata --store "$work/store" --offline --endpoint http://127.0.0.1:9/ \
    --reconcile http://127.0.0.1:9/ --cache "$work/cache.json" --review "$work/review.csv"
echo "== publish --wikidata-cache --review ($records records)"
timed "$bin" publish "$work/records.jsonl" --out "$work/bundle" --quiet \
    --wikidata-cache "$work/cache.json" --review "$work/review.csv"
wc -l "$work/bundle/places.csv" "$work/bundle/twinnings.csv" "$work/bundle/quickstatements.txt"
