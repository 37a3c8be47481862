"""Dumps a pyoxigraph store as N-Quads (its whole dataset) and prints one JSON line.

    python pyoxigraph_dump.py STORE_DIR OUT.nq
"""
import json
import sys
import time

import pyoxigraph

store = pyoxigraph.Store.read_only(sys.argv[1])
start = time.perf_counter()
store.dump(sys.argv[2], pyoxigraph.RdfFormat.N_QUADS)
print(json.dumps({"seconds": time.perf_counter() - start, "quads": len(store)}))
