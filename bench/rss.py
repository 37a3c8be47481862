#!/usr/bin/env python3
"""Runs a command and says where its memory went, by phase, as one JSON line appended to FILE:

    python3 bench/rss.py --json FILE --name import --scale N -- COMMAND...

The command's standard error is passed through (bench/run reads it); /proc/PID/status is read
every 0.25 s, and the peaks of VmRSS, RssAnon (the heap: ours, RocksDB's table readers and
caches) and RssFile (mapped files: the search index's segments) are kept per phase. A phase
ends at the first standard error line that starts the next: for `import`, reading and loading
(records read, bulk load, cube, compaction) until its summary line, then the search index built
after it. Exits with the command's status.
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time

PHASES = [("read, load, cube, compaction", None), ("search index", "quads in the store")]

p = argparse.ArgumentParser()
p.add_argument("--json", required=True)
p.add_argument("--name", required=True)
p.add_argument("--scale", type=int, required=True)
p.add_argument("command", nargs=argparse.REMAINDER)
a = p.parse_args()
cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
child = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, errors="replace")
phase = [0]


def relay():
    for line in child.stderr:
        sys.stderr.write(line)
        nxt = phase[0] + 1
        if nxt < len(PHASES) and PHASES[nxt][1] in line:
            phase[0] = nxt


def tree(root):
    """`root` and its descendants (the command may be a shell that runs the tool)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    found, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        for child_pid, parent in parents.items():
            if parent == pid and child_pid not in found:
                found.add(child_pid)
                todo.append(child_pid)
    return found


def largest(pids):
    """The memory figures of the process of `pids` with the largest resident set."""
    best = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                status = {l.split(":")[0]: int(l.split()[1]) for l in f
                          if l.startswith(("VmRSS", "RssAnon", "RssFile"))}
        except (OSError, ValueError, IndexError):
            continue
        if status.get("VmRSS", 0) > best.get("VmRSS", 0):
            best = status
    return best


threading.Thread(target=relay, daemon=True).start()
peaks = [{"phase": name, "seconds": 0.0, "vm_rss_kb": 0, "rss_anon_kb": 0, "rss_file_kb": 0} for name, _ in PHASES]
started = time.time()
while child.poll() is None:
    status = largest(tree(child.pid))
    cur = peaks[phase[0]]
    cur["seconds"] = round(time.time() - started, 1)
    for key, field in (("VmRSS", "vm_rss_kb"), ("RssAnon", "rss_anon_kb"), ("RssFile", "rss_file_kb")):
        cur[field] = max(cur[field], status.get(key, 0))
    time.sleep(0.25)
with open(a.json, "a", encoding="utf-8") as out:
    out.write(json.dumps({"kind": "rss-phases", "name": a.name, "scale": a.scale, "phases": peaks}) + "\n")
sys.exit(child.returncode)
