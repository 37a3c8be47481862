#!/usr/bin/env bash
# Prints, every second while bench/load runs, the CPU seconds used so far by the server
# (`atlas-lod serve`) and by the load client: how much of the machine each takes.
#   python3 bench/load --bin BIN --bundle DIR --requests 30000 --with reconcile & sleep 2
#   bash bench/cpu-share.sh > cpu.log
set -u
tck=$(getconf CLK_TCK)
cpu() { awk -v t="$tck" '{print ($14 + $15) / t}' "/proc/$1/stat" 2>/dev/null || echo 0; }
while sleep 1; do
    client=$(pgrep -f "bench/load" | head -1)
    [ -z "$client" ] && break
    server=$(pgrep -f "atlas-lod serve" | head -1)
    echo "$(date +%s) server=$([ -n "$server" ] && cpu "$server" || echo 0) client=$(cpu "$client")"
done
