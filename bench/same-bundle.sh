#!/usr/bin/env bash
# Checks that two builds publish byte-identical bundles from the bundled examples: the check of
# a behaviour-preserving change. Usage: bench/same-bundle.sh OLD_BINARY NEW_BINARY
# (build the old one from a worktree of the earlier commit with `cargo test --no-run` and copy
# $CARGO_TARGET_DIR/debug/atlas-lod away before building the new one).
# Compares every file of the bundle except the store (RocksDB files differ run to run; the
# dumps hold its quads) and prints the files that differ; exits 1 when any does.
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1"; new="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for side in old new; do
    bin="${!side}"
    "$bin" publish examples/pages examples/records --authorities examples/authorities.csv \
        --out "$work/$side" --config atlas-lod.toml \
        --endpoint-url http://127.0.0.1:7878/sparql >/dev/null 2>"$work/$side.log"
done
status=0
while IFS= read -r f; do
    if ! cmp -s "$work/old/$f" "$work/new/$f"; then
        echo "differs: $f"
        status=1
    fi
done < <(cd "$work/old" && find . -path ./store -prune -o -type f -print | sort)
if ! diff <(cd "$work/old" && find . -path ./store -prune -o -type f -print | sort) \
          <(cd "$work/new" && find . -path ./store -prune -o -type f -print | sort) >/dev/null; then
    echo "the two bundles hold different files"
    status=1
fi
n=$(cd "$work/old" && find . -path ./store -prune -o -type f -print | wc -l)
[ "$status" -eq 0 ] && echo "identical: $n files (store excepted)"
exit "$status"
