"""Runs every non-federated query of a folder on a pyoxigraph store (the union of its graphs
as the default graph, as atlas-lod does), RUNS times each after one warm-up; prints one JSON
line per query with its times and row count.

    python pyoxigraph_queries.py STORE_DIR QUERIES_DIR RUNS
"""
import json
import pathlib
import sys
import time

import pyoxigraph

store_path, queries_dir, runs = sys.argv[1], pathlib.Path(sys.argv[2]), int(sys.argv[3])
store = pyoxigraph.Store.read_only(store_path)
for path in sorted(queries_dir.glob("*.rq")):
    text = path.read_text()
    if "SERVICE" in text:
        continue
    rows = sum(1 for _ in store.query(text, use_default_graph_as_union=True))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        n = sum(1 for _ in store.query(text, use_default_graph_as_union=True))
        times.append(time.perf_counter() - start)
    print(json.dumps({"query": path.name, "rows": n, "times": times}))
