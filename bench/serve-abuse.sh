#!/usr/bin/env bash
# Times of `serve` under abuse, on loopback, on the example store: what tests/it/serve_abuse.rs
# and tests/it/serve.rs check without timing (a bound would fail at random on a loaded machine).
# Prints: an ASK's latency alone, then the worst of 20 while 200 clients stall half-way through
# their headers; then, for each costly query the tests send (server run with --timeout 2
# --max-rows 100), its status, the time to its refusal and an ASK's latency right after.
# Usage: bench/serve-abuse.sh   (PROFILE=dev uses the test build, the default; ATLAS_LOD_BIN=path
# measures that binary instead). The charts' time is `cargo bench --bench charts`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
profile="${PROFILE:-dev}"
if [ -n "${ATLAS_LOD_BIN:-}" ]; then
    bin="$ATLAS_LOD_BIN"
elif [ "$profile" = dev ]; then
    cargo build --quiet --bin atlas-lod
    bin="$CARGO_TARGET_DIR/debug/atlas-lod"
else
    cargo build --quiet --release --bin atlas-lod
    bin="$CARGO_TARGET_DIR/release/atlas-lod"
fi
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" import examples/pages examples/records "$(ls ../shared/seeds/*.txt | head -1)" --store "$work/store" --quiet
"$bin" serve --store "$work/store" --bind 127.0.0.1:0 --timeout 2 --max-rows 100 2> "$work/serve.log" &
server=$!
for _ in $(seq 600); do grep -qs "listening on" "$work/serve.log" && break; sleep 0.1; done
url="$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$work/serve.log" | head -1)"
[ -n "$url" ] || { echo "error: serve did not start: $(cat "$work/serve.log")" >&2; exit 2; }
python3 - "$url" <<'PY'
import socket, sys, time, urllib.error, urllib.parse, urllib.request
url = sys.argv[1].rstrip('/')
host, port = urllib.parse.urlsplit(url).netloc.split(':')

def timed(req):
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            r.read(); status = r.status
    except urllib.error.HTTPError as e:
        e.read(); status = e.code
    return status, (time.perf_counter() - t) * 1000

def ask():
    s, ms = timed(f"{url}/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))
    assert s == 200, s
    return ms

print(f"ask alone: {ask():.1f} ms")
slow = []
for _ in range(200):
    c = socket.create_connection((host, int(port)))
    c.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    slow.append(c)
times = [ask() for _ in range(20)]
print(f"ask with 200 stalled clients: worst {max(times):.1f} ms, median {sorted(times)[10]:.1f} ms")
for c in slow:
    c.close()

paths = "SELECT (COUNT(*) AS ?n) WHERE {{ ?s {} ?o }}".format("/".join(["(!<http://e/none>|^!<http://e/none>)*"] * 12))
cases = [
    ("nested 5000 deep", "SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000),
    ("100 OPTIONALs", "SELECT * WHERE " + "{ OPTIONAL " * 100 + " ?s ?p ?o " + "}" * 100),
    ("property paths", paths),
    ("3000 nested paths", "ASK { ?s " + "(<http://e/p>/" * 3000 + ")" * 3000 + " ?o }"),
    ("CONSTRUCT all", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"),
    ("cross product of 4", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"),
    ("cross product of 3", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
]
for name, q in cases:
    req = urllib.request.Request(f"{url}/sparql", data=q.encode(), headers={"Content-Type": "application/sparql-query"})
    status, ms = timed(req)
    print(f"{name}: {status} in {ms:.0f} ms; ask after: {ask():.1f} ms")
PY
