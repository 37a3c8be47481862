"""Oxigraph's raw bulk load (pyoxigraph) of an N-Quads file into a new on-disk store, then its
`optimize` (the compaction that makes reads fast); prints one JSON line with the times and the
quads loaded.

    python pyoxigraph_load.py DATA.nq STORE_DIR
"""
import json
import sys
import time

import pyoxigraph

data_path, store_path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
store = pyoxigraph.Store(store_path)
store.bulk_load(path=data_path, format=pyoxigraph.RdfFormat.N_QUADS)
store.flush()
loaded = time.perf_counter() - start
store.optimize()
elapsed = time.perf_counter() - start
print(json.dumps({"tool": f"pyoxigraph {pyoxigraph.__version__}", "seconds": elapsed,
                  "load_seconds": loaded, "optimize_seconds": elapsed - loaded, "quads": len(store)}))
