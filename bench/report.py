"""Writes BENCHMARKS.md (to standard output) from the raw results of bench/run.

    python3 bench/report.py RESULTS.jsonl > BENCHMARKS.md
"""
import json
import statistics
import sys
from collections import defaultdict

rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
machine = next(r for r in rows if r["kind"] == "machine")
versions = {r["tool"]: r["version"] for r in rows if r["kind"] == "version"}
runs_done = [r for r in rows if r["kind"] == "run"]
run = {
    "seconds": sum(r["seconds"] for r in runs_done),
    "runs": max((r["runs"] for r in runs_done), default=0),
    "scales": " ".join(r["scales"] for r in runs_done),
}
timed = defaultdict(list)
for r in rows:
    if r["kind"] == "timed":
        timed[(r["name"], r["scale"])].append(r)
own = defaultdict(list)
for r in rows:
    if r["kind"] == "own":
        own[(r["name"], r["scale"])].append(r)
quads = {r["scale"]: r["quads"] for r in rows if r["kind"] == "quads"}
triples = {(r["name"], r["scale"]): r["triples"] for r in rows if r["kind"] == "triples"}
sizes = {(r["name"], r["scale"]): r["bytes"] for r in rows if r["kind"] == "size"}
scales = sorted({r["scale"] for r in rows if "scale" in r})


def med(xs):
    return statistics.median(xs) if xs else None


def secs(name, scale):
    return [r["seconds"] for r in timed.get((name, scale), [])]


def span(xs, unit="s", digits=2):
    if not xs:
        return "-"
    if len(xs) == 1:
        return f"{xs[0]:.{digits}f} {unit}"
    return f"{med(xs):.{digits}f} {unit} ({min(xs):.{digits}f} - {max(xs):.{digits}f})"


def n(x):
    return f"{x:,.0f}"


out = []
w = out.append
w("# Benchmarks")
w("")
timed_scales = {str(r["scale"]) for r in rows if r["kind"] == "timed"}
unrecorded = sorted(timed_scales - set(run["scales"].split()), key=int)
w(f"Written by `bash bench/run` on {machine['date']} (run time {run['seconds'] / 60:.0f} min, "
  f"scales {run['scales']}, {run['runs']} runs per figure below one million records, one at a million). "
  "Every figure is the median of the runs with (min - max); every ratio compares figures of "
  "this one run, on the same data (generated with `atlas-lod generate --seed 2026`).")
if unrecorded:
    w("")
    w(f"The figures at {', '.join(n(int(s)) for s in unrecorded)} records come from an invocation "
      "that recorded no run time: it stopped at a later scale (`BENCH_APPEND=1` then added the "
      "missing scale to its results).")
w("")
w(f"Machine: {machine['cores']} cores, {machine['memory_kb'] / 1048576:.0f} GiB, {machine['cpu']}.")
w("")
w("| tool | version |")
w("|---|---|")
for tool, version in versions.items():
    w(f"| {tool} | {version} |")
w("")

# Import.
w("## Import: read, map, validate, load")
w("")
w("`atlas-lod import records.jsonl --store DIR` (release build, a new store: Oxigraph's bulk "
  "loader behind our pipeline) against pyoxigraph's raw `bulk_load` of the same quads "
  "(N-Quads written by `atlas-lod convert`), and Morph-KGC mapping the same records from CSV "
  "(`bench/records_to_csv.py`, `bench/morph/mapping.rml.ttl`) to N-Triples. Wall time of the "
  "whole process, peak RSS from `/usr/bin/time`.")
w("")
w("| records | quads | atlas-lod import | records/s | quads/s | peak RSS | raw bulk load | atlas-lod / raw (quads/s) | Morph-KGC | Morph-KGC triples | atlas-lod / Morph-KGC (records/s) |")
w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
ratios = {}
for s in scales:
    ours = secs("import", s)
    if not ours:
        continue
    q = quads.get(s, 0)
    rss = max(r["rss_kb"] for r in timed[("import", s)])
    raw = secs("pyoxigraph-bulk-load", s)
    morph = secs("morph-kgc", s)
    rq = (q / med(ours)) / (q / med(raw)) if raw else None
    rm = (s / med(ours)) / (s / med(morph)) if morph else None
    ratios[s] = (rq, rm)
    w(f"| {n(s)} | {n(q)} | {span(ours)} | {n(s / med(ours))} | {n(q / med(ours))} | {n(rss)} KB | "
      f"{span(raw)} | {f'{rq:.0%}' if rq else '-'} | {span(morph)} | "
      f"{n(triples.get(('morph-kgc', s), 0)) if morph else '-'} | {f'{rm:.2f}x' if rm else '-'} |")
w("")
w("The raw bulk load's quad count is ours (the same file); it parses N-Quads and loads, nothing "
  "else. Morph-KGC writes a file and no store, and maps the core of each record only (no "
  "contacts, levies, provenance, theme scheme or validation): its triple count shows how much "
  "less it does.")
w("")

# Linearity.
base = min((s for s in scales if secs("import", s)), default=None)
if base:
    w("## Growth from 1,000 records")
    w("")
    w("| records | import s per 1,000 records | x the 1,000-record cost | peak RSS |")
    w("|---:|---:|---:|---:|")
    per_base = med(secs("import", base)) / base * 1000
    for s in scales:
        if not secs("import", s):
            continue
        per = med(secs("import", s)) / s * 1000
        rss = max(r["rss_kb"] for r in timed[("import", s)])
        w(f"| {n(s)} | {per:.3f} | {per / per_base:.2f} | {n(rss)} KB |")
    w("")

# Validation.
w("## SHACL validation")
w("")
w("The same records as Turtle (written by `cargo bench --bench validate`) and the same shapes "
  "(`shapes/atlas.ttl` as applied, the current year filled in): atlas-lod validates each record "
  "graph in process on both cores; pySHACL and shacl-engine (with its SPARQL plugin) validate "
  "the whole graph. Times exclude parsing.")
w("")
w("| records | engine | time | records/s | violations | warnings | atlas-lod faster by |")
w("|---:|---|---:|---:|---:|---:|---:|")
for s in scales:
    ours = own.get(("validate-atlas-lod", s))
    if not ours:
        continue
    o = ours[0]
    ot = med(o["times"])
    w(f"| {n(s)} | atlas-lod | {span(o['times'], digits=3)} | {n(s / ot)} | {o['violations']} | {o['warnings']} | |")
    for name in ("validate-pyshacl", "validate-shacl-engine"):
        for t in own.get((name, s), []):
            tt = med(t["times"])
            w(f"| {n(s)} | {t['tool']} | {span(t['times'], digits=3)} | {n(t['records'] / tt)} | "
              f"{t['violations']} | {t['warnings']} | {(t['records'] / tt) and (s / ot) / (t['records'] / tt):.1f}x |")
w("")

# Queries.
w("## SPARQL: the queries of `queries/`")
w("")
w("Each non-federated query on the import's store (atlas-lod, `cargo bench --bench queries`) and "
  "on pyoxigraph's store of the same quads, in process, the union of the graphs as default "
  "graph; one warm-up, then the runs.")
w("")
for s in scales:
    ours = {r["query"]: r for r in own.get(("queries-atlas-lod", s), [])}
    theirs = {r["query"]: r for r in own.get(("queries-pyoxigraph", s), [])}
    if not ours:
        continue
    w(f"### {n(s)} records")
    w("")
    w("| query | rows | atlas-lod | pyoxigraph | pyoxigraph / atlas-lod |")
    w("|---|---:|---:|---:|---:|")
    for q in sorted(ours):
        a = ours[q]
        b = theirs.get(q)
        rows_note = str(a["rows"]) if not b or b["rows"] == a["rows"] else f"{a['rows']} vs {b['rows']}"
        ratio = f"{med(b['times']) / med(a['times']):.2f}" if b else "-"
        w(f"| `{q}` | {rows_note} | {med(a['times']) * 1000:.1f} ms | "
          f"{med(b['times']) * 1000:.1f} ms | {ratio} |" if b else f"| `{q}` | {rows_note} | {med(a['times']) * 1000:.1f} ms | - | - |")
    w("")

# Dumps.
w("## Dumps")
w("")
w("`atlas-lod dump` (whole process: open, read every graph sorted, write); pyoxigraph's "
  "N-Quads dump of its store for reference (it cannot write a dataset as Turtle or N-Triples).")
w("")
w("| records | format | time | quads/s | MB/s |")
w("|---:|---|---:|---:|---:|")
for s in scales:
    q = quads.get(s, 0)
    for fmt in ("turtle", "ntriples"):
        t = secs(f"dump-{fmt}", s)
        if t:
            size = sizes.get((f"dump-{fmt}", s), 0)
            w(f"| {n(s)} | atlas-lod {fmt} | {span(t)} | {n(q / med(t))} | {size / 1e6 / med(t):.1f} |")
    for t in own.get(("dump-nquads-pyoxigraph", s), []):
        w(f"| {n(s)} | pyoxigraph N-Quads | {t['seconds']:.2f} s | {n(t['quads'] / t['seconds'])} | - |")
w("")

# Targets.
w("## Targets")
w("")
checks = []
if secs("import", 15000):
    t = med(secs("import", 15000))
    checks.append(("15,000 records parsed, mapped, validated and loaded in under 10 s", f"{t:.2f} s", t < 10))
if ratios.get(15000, (None,))[0]:
    r = ratios[15000][0]
    checks.append(("import at least 70% of raw bulk-load throughput (15,000)", f"{r:.0%}", r >= 0.70))
v = own.get(("validate-atlas-lod", 1000))
p = own.get(("validate-pyshacl", 1000))
if v and p:
    r = (1000 / med(v[0]["times"])) / (p[0]["records"] / med(p[0]["times"]))
    checks.append(("validation at least 50x pySHACL (1,000)", f"{r:.0f}x", r >= 50))
for s in (1000, 15000):
    v = own.get(("validate-atlas-lod", s))
    e = own.get(("validate-shacl-engine", s))
    if v and e:
        # Against its fastest variant (SHACL Core only, which skips our SPARQL constraint).
        best = max(x["records"] / med(x["times"]) for x in e)
        r = (s / med(v[0]["times"])) / best
        checks.append((f"validation ahead of shacl-engine, its fastest variant ({n(s)})", f"{r:.1f}x", r > 1))
if timed.get(("import", 1000000)):
    rss = max(r["rss_kb"] for r in timed[("import", 1000000)])
    checks.append(("1,000,000 records with peak RSS under 1 GiB", f"{n(rss)} KB", rss < 1048576))
w("| target | measured | met |")
w("|---|---:|---|")
for what, got, ok in checks:
    w(f"| {what} | {got} | {'yes' if ok else '**no**'} |")
w("")
print("\n".join(out))
