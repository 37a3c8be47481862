#!/usr/bin/env bash
# 50 SIGKILLs per command (`publish`, `import`, `link wikidata`) in one go: the crash tests of
# tests/it/crashes.rs, which kill each command 10 times a run at moments drawn from a seed that
# changes every run (the day and a run counter kept in target/tmp/), run 5 times. Each run
# prints its seeds; a failure names the seed to replay (see the test's module comment).
# Usage: bench/crashes.sh [RUNS]   (default 5: 5 x 10 = 50 kills per command)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
runs="${1:-5}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
failed=0
for i in $(seq 1 "$runs"); do
    echo "run $i of $runs"
    # One test at a time: the kill moments are measured on an otherwise quiet machine.
    if ! cargo test --quiet --test it -- crashes:: --test-threads 1 --nocapture >"$log" 2>&1; then
        failed=1
    fi
    grep -E "^(seed|test result|---- |thread )" "$log" || true
done
exit "$failed"
