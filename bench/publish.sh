#!/usr/bin/env bash
# publish on generated data, side by side in one run: the default (--contacts role, with the
# last scan of every file for contacts' names and e-mails) and --contacts full (no scan, more
# quads), each RUNS times; wall time and peak RSS from /usr/bin/time, medians printed.
#   bash bench/publish.sh            # 15,000 records, 3 runs each
#   COUNT=1000 RUNS=5 bash bench/publish.sh
#   PROFILE=dev bash bench/publish.sh   # with the test build, when no release build is at hand
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_apt time
COUNT="${COUNT:-15000}"
RUNS="${RUNS:-3}"
PROFILE="${PROFILE:-release}"
cargo build --profile "$PROFILE" --quiet --bin atlas-lod
bin="$CARGO_TARGET_DIR/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")/atlas-lod"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" generate --count "$COUNT" --seed 2026 -o "$work/records.jsonl" 2>/dev/null
for profile in role full; do
    : > "$work/$profile.times"
done
for i in $(seq "$RUNS"); do
    for profile in role full; do
        rm -rf "$work/out-$profile"
        /usr/bin/time -f "%e %M" -o "$work/t" "$bin" publish "$work/records.jsonl" \
            --out "$work/out-$profile" --contacts "$profile" >/dev/null 2>"$work/err-$profile" \
            || { echo "publish --contacts $profile failed:"; tail -5 "$work/err-$profile"; exit 1; }
        cat "$work/t" >> "$work/$profile.times"
    done
done
for profile in role full; do
    sort -n "$work/$profile.times" | awk -v p="$profile" -v n="$COUNT" '
        { t[NR] = $1; m[NR] = $2 }
        END { mid = int((NR + 1) / 2); printf "publish %d records, --contacts %s: median %.2f s (min %.2f, max %.2f), peak RSS %d KB\n", n, p, t[mid], t[1], t[NR], m[mid] }'
done
