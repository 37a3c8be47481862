#!/usr/bin/env bash
# The whole test suite: formatting, lints, then every test. Needs ../shared beside the
# repository (the reference page); tests that read it fail when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
. scripts/test-tools.sh
if [ ! -f ../shared/seeds/000_2c1789aab79a3d11.txt ]; then
    echo "error: ../shared/seeds/000_2c1789aab79a3d11.txt is missing: the seed tests will fail" >&2
fi
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test --no-fail-fast 2>&1 | tee "${TMPDIR:-/tmp}/atlas-lod-test.log"
# One closing line for the whole run.
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "%d passed, %d failed, %d skipped\n", p, f, i; exit (f > 0) }' "${TMPDIR:-/tmp}/atlas-lod-test.log"
