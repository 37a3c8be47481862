#!/usr/bin/env bash
# Validation speed, side by side in one run: atlas-lod on 15,000 generated records (per record,
# both cores) and pySHACL (from PyPI, in a venv made here) on the first 1,000 of them, with the
# same shapes. Prints records per second for both and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
out="$CARGO_TARGET_DIR/bench"
mkdir -p "$out"
venv="${ATLAS_LOD_VENV:-$HOME/.cache/atlas-lod/venv-bench}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet "pyshacl==0.40.*"

ours=$(cargo bench --quiet --bench validate -- 15000 "$out")
echo "$ours"
theirs=$("$venv/bin/python" bench/pyshacl_validate.py "$out/records-1000.ttl" "$out/shapes.ttl")
echo "$theirs"
rate_ours=$(echo "$ours" | sed -n 's/.* \([0-9]*\) records\/s.*/\1/p' | head -1)
rate_theirs=$(echo "$theirs" | sed -n 's/.* \([0-9]*\) records\/s.*/\1/p' | head -1)
python3 -c "print(f'ratio: atlas-lod validates {int(\"$rate_ours\") / max(1, int(\"$rate_theirs\")):.0f} times as many records per second as pySHACL')"
