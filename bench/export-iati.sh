#!/usr/bin/env bash
# `export iati` on generated data: the time to read a store and write its IATI 2.03 activity
# file, RUNS times on one store (wall time and peak RSS from /usr/bin/time), appended to a
# results file of bench/run, whose report (BENCHMARKS.md) is then written again.
#   bash bench/export-iati.sh                 # 15,000 records, 3 runs, the measure build
#   PROFILE=dev bash bench/export-iati.sh     # with the test build, when no measure build is at hand
#   COUNT=1000 RUNS=5 RESULTS=/tmp/r.jsonl bash bench/export-iati.sh
#   ATLAS_LOD=path/to/atlas-lod PROFILE=dev bash bench/export-iati.sh   # a binary already built
#                                             # (PROFILE then only names its build in the report)
# RESULTS defaults to the latest committed results of bench/run (bench/results-*.jsonl): the
# export's rows say the date, the build and this script, so the report tells them apart.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
set -euo pipefail
ensure_apt time
COUNT="${COUNT:-15000}"
RUNS="${RUNS:-3}"
PROFILE="${PROFILE:-measure}"
RESULTS="${RESULTS:-$(ls bench/results-*.jsonl | sort | tail -1)}"
if [ -n "${ATLAS_LOD:-}" ]; then
    bin="$ATLAS_LOD"
else
    cargo build --profile "$PROFILE" --quiet --bin atlas-lod
    bin="$CARGO_TARGET_DIR/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")/atlas-lod"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The data of bench/run (same generator, same seed), imported once.
"$bin" generate --count "$COUNT" --seed 2026 -o "$work/records.jsonl" 2>/dev/null
"$bin" import "$work/records.jsonl" --store "$work/store" >/dev/null 2>&1
# A test identifier under an agency prefix no registrar uses.
printf '[iati]\norganisation = "XX-TEST-0001"\n' > "$work/iati.toml"
today="$(date -u +%Y-%m-%d)"
for _ in $(seq "$RUNS"); do
    rm -f "$work/iati.xml"
    code=0
    /usr/bin/time -f "%e %M" -o "$work/t" "$bin" export iati --store "$work/store" \
        -o "$work/iati.xml" --config "$work/iati.toml" >/dev/null 2>"$work/err" || code=$?
    # Exit 1: some partnerships left out (each named), the others written; anything else fails.
    if [ "$code" -gt 1 ] || [ ! -s "$work/iati.xml" ]; then
        echo "export iati failed ($code):" >&2
        tail -5 "$work/err" >&2
        exit 1
    fi
    # /usr/bin/time writes "Command exited with non-zero status 1" first when some were left out.
    read -r secs rss < <(tail -1 "$work/t")
    printf '{"kind": "timed", "name": "export-iati", "scale": %s, "seconds": %s, "rss_kb": %s, "date": "%s", "build": "%s", "by": "bench/export-iati.sh"}\n' \
        "$COUNT" "$secs" "$rss" "$today" "$PROFILE" >> "$RESULTS"
    echo "export iati, $COUNT records ($PROFILE build): $secs s, peak RSS $rss KB" >&2
done
activities="$(grep -c '<iati-activity ' "$work/iati.xml")"
printf '{"kind": "size", "name": "export-iati", "scale": %s, "bytes": %s, "activities": %s}\n' \
    "$COUNT" "$(stat -c %s "$work/iati.xml")" "$activities" >> "$RESULTS"
python3 bench/report.py "$RESULTS" > BENCHMARKS.md
echo "BENCHMARKS.md written; raw results in $RESULTS" >&2
