#!/usr/bin/env bash
# Runs every fuzz target (or those named after SECONDS) for SECONDS (default 600) each, two at
# a time, and prints each target's last libFuzzer status line:
#   bash fuzz/run.sh                       # all, 10 minutes each
#   bash fuzz/run.sh 600 config csv_mapping
# Exits 1 when a target failed (a crash, a timeout, memory over the limit). Needs cargo-fuzz
# (cargo install cargo-fuzz).
# Crashes land in fuzz/artifacts/TARGET/; the growing corpora in fuzz/corpus/ (not committed:
# what is worth keeping is minimised with `cargo fuzz cmin` and copied into fuzz/seeds/TARGET/,
# which is committed and seeds every run).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
export RUSTC_BOOTSTRAP=1
target_dir="${CARGO_TARGET_DIR:-$HOME/.cache/atlas-lod/fuzz-target}"
cargo fuzz build -s none --target-dir "$target_dir"
run() {
    mkdir -p "corpus/$1"
    cargo fuzz run "$1" -s none --target-dir "$target_dir" "corpus/$1" "seeds/$1" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        > "/tmp/fuzz-$1.log" 2>&1 && echo "$1: done" || {
        echo "$1: FAILED (see /tmp/fuzz-$1.log)"
        echo "$1" >> "$failed"
    }
    grep -E "^#[0-9]+.*(DONE|pulse)" "/tmp/fuzz-$1.log" | tail -1
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "/tmp/fuzz-$1.log" || true
}
failed="$(mktemp)"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(atlas_page jsonl csv_table http_inputs csv_mapping config search_params)
status=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    run "${targets[$i]}" &
    [ $((i + 1)) -lt ${#targets[@]} ] && run "${targets[$((i + 1))]}" &
    wait
done
[ -s "$failed" ] && status=1
rm -f "$failed"
exit $status
