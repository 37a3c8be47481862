#!/usr/bin/env bash
# Import speed and memory. First, side by side in one run (cargo bench --bench import): 15,000
# generated records imported into a new store vs Oxigraph's raw bulk load of the same quads,
# then a re-import. Then peak memory of importing COUNT records (default 1,000,000) with the
# release binary, measured by /usr/bin/time -v. BENCH_SKIP_LARGE=1 skips the second part.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
count="${1:-1000000}"
cargo bench --quiet --bench import -- 15000
if [ "${BENCH_SKIP_LARGE:-}" = 1 ]; then exit 0; fi
command -v /usr/bin/time >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -qq time; }
cargo build --quiet --release --bin atlas-lod
bin="$CARGO_TARGET_DIR/release/atlas-lod"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" generate --count "$count" --seed 2026 -o "$work/records.jsonl"
/usr/bin/time -v "$bin" import "$work/records.jsonl" --store "$work/store" 2> "$work/time.txt" || true
grep -E "^read |Maximum resident|Elapsed" "$work/time.txt"
