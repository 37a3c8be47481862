"""How fast `atlas-lod serve` answers, over loopback HTTP, on one store; prints JSON lines.

    python3 bench/answers.py BIN STORE QUERIES_DIR RUNS

- home-cold: a new server process per run; the time from its start to "listening", and from
  there to the whole home page with its charts (the first visitor's wait);
- endpoint: every non-federated query of QUERIES_DIR through /sparql (GET, SPARQL JSON results,
  the whole body read), answers never kept (--cache-mib 0: every request is computed), one
  warm-up then RUNS requests; the cube queries (cube-*.rq) 30 requests, for their p50;
- cache-hit: one query asked by 32 concurrent clients (wrk, 2 threads) for 10 s on a server
  that keeps answers; wrk's p50, request count and errors.
Standard library only, so that it runs with any Python 3.
"""
import http.client
import json
import pathlib
import re
import subprocess
import sys
import time
import urllib.parse

binary, store, queries_dir, runs = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]), int(sys.argv[4])


def start(extra):
    """Starts a server on a free loopback port; returns (process, port, seconds to listening)."""
    began = time.perf_counter()
    p = subprocess.Popen([binary, "serve", "--store", store, "--bind", "127.0.0.1:0", *extra],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in p.stderr:
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            return p, int(m.group(1)), time.perf_counter() - began
    raise SystemExit(f"the server did not start: {p.wait()}")


def stop(p):
    p.terminate()
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()


def get(port, path, accept):
    """One GET on a new connection; returns (seconds, status, body)."""
    began = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    c.request("GET", path, headers={"Accept": accept, "Accept-Language": "fr"})
    r = c.getresponse()
    body = r.read()
    c.close()
    return time.perf_counter() - began, r.status, body


# The home page, from a cold start.
starts, homes = [], []
for _ in range(runs):
    p, port, listening = start([])
    seconds, status, body = get(port, "/", "text/html")
    stop(p)
    if status != 200 or b"<svg" not in body:
        raise SystemExit(f"home page: {status}")
    starts.append(listening)
    homes.append(seconds)
print(json.dumps({"measure": "home-cold", "listening": starts, "times": homes}))

# Every non-federated query through the endpoint, nothing kept.
p, port, _ = start(["--cache-mib", "0", "--timeout", "600"])
try:
    for path in sorted(queries_dir.glob("*.rq")):
        text = path.read_text()
        if "SERVICE" in text:
            continue
        target = "/sparql?query=" + urllib.parse.quote(text)
        _, status, body = get(port, target, "application/sparql-results+json")
        if status != 200:
            raise SystemExit(f"{path.name}: {status} {body[:200]!r}")
        rows = len(json.loads(body)["results"]["bindings"])
        n = 30 if path.name.startswith("cube-") else runs
        times = []
        for _ in range(n):
            seconds, status, _ = get(port, target, "application/sparql-results+json")
            times.append(seconds)
        print(json.dumps({"measure": "endpoint", "query": path.name, "rows": rows, "times": times}))
finally:
    stop(p)

# A kept answer, under load.
p, port, _ = start([])
try:
    query = (queries_dir / "funding-per-year-and-funder.rq").read_text()
    target = f"http://127.0.0.1:{port}/sparql?query=" + urllib.parse.quote(query)
    get(port, target[len(f"http://127.0.0.1:{port}"):], "application/sparql-results+json")
    out = subprocess.run(["wrk", "-t2", "-c32", "-d10s", "--latency",
                          "-H", "Accept: application/sparql-results+json", target],
                         capture_output=True, text=True, check=True).stdout
    unit = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
    m = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)$", out, re.M)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    print(json.dumps({"measure": "cache-hit", "p50": float(m.group(1)) * unit[m.group(2)],
                      "requests": requests, "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
                      "connections": 32}))
finally:
    stop(p)
