"""A local stand-in for the udata API v1 (data.gouv.fr) and for a SPARQL 1.1 Graph Store,
implementing what `publish --upload` and `push` use, as documented, checking what it receives,
and failing on demand:

  GET  /api/1/datasets/{id}/                          the dataset with its resources
  POST /api/1/datasets/{id}/upload/                   multipart field `file`: new resource
  POST /api/1/datasets/{id}/resources/{rid}/upload/   multipart field `file`: replace its file
  PUT  /gs?graph=IRI                                  N-Triples: the graph replaced
  DELETE /gs?graph=IRI                                the graph removed (404 when absent)
  POST /gs?graph=IRI                                  N-Triples appended (what a client must
                                                      not use for a push: it duplicates)

Faults: POST /_fault with {"step": STEP, "kind": KIND} (or {} to heal) makes every request of
that step fail that way until healed. STEP is `dataset` (the dataset GET), `upload:FILE` (any
upload of that file name), `put:IRI` or `delete:IRI`. KIND is one of
  500, 503, 429                  answered with that status, nothing done;
  503-retry-after                503 with `Retry-After: 1`, nothing done;
  reset                          half the request read, then the connection reset (RST),
                                 nothing done;
  timeout                        the request done, then no answer at all (held 30 s);
  trickle                        the request done, then the answer one byte every 100 ms;
  cut                            the request done, then a 2xx whose body stops half-way (the
                                 connection closed).
GET /_state gives the resources and, per graph, the SHA-1 of its sorted lines and their count;
POST /_reset empties both.

Every POST needs `X-API-KEY` (401 without or with a wrong key; 403 for the key "read-only").
Resources get udata's SHA-1 checksum. Environment: FAKE_UDATA_KEY (the valid key),
FAKE_UDATA_DATASET (the one dataset id), FAKE_UDATA_MAX_BYTES (bigger bodies: 413),
FAKE_UDATA_FAIL_FIRST (answer that many POSTs with FAKE_UDATA_FAIL_STATUS, 503 by default,
first), FAKE_UDATA_FAIL_AFTER_STORE (that many uploads are stored, then answered 503, as a
server that fails after acting). GET /_log gives every request
seen, as JSON. Prints the port on stdout, then serves until killed.
"""
import email.parser
import email.policy
import hashlib
import json
import os
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY = os.environ.get("FAKE_UDATA_KEY", "good-key")
DATASET = os.environ.get("FAKE_UDATA_DATASET", "atlas-test")
MAX_BYTES = int(os.environ.get("FAKE_UDATA_MAX_BYTES", str(1 << 30)))
fail_first = int(os.environ.get("FAKE_UDATA_FAIL_FIRST", "0"))
fail_status = int(os.environ.get("FAKE_UDATA_FAIL_STATUS", "503"))
fail_after_store = int(os.environ.get("FAKE_UDATA_FAIL_AFTER_STORE", "0"))
resources = {}  # rid -> resource
log = []
lock = threading.Lock()
counter = [0]
graphs = {}  # graph IRI -> list of N-Triples lines
fault = {}  # {"step": ..., "kind": ...} while a fault is set
ERRORS = {"500": 500, "503": 503, "503-retry-after": 503, "429": 429}


def parse_multipart(content_type, body):
    """The `file` part of a multipart/form-data body: (filename, bytes), or an error text."""
    if not re.match(r"multipart/form-data;\s*boundary=", content_type or ""):
        return None, f"Content-Type is not multipart/form-data with a boundary: {content_type!r}"
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    if not msg.is_multipart():
        return None, "body is not multipart"
    for part in msg.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            filename = part.get_filename()
            if not filename:
                return None, "the file part has no filename"
            return (filename, part.get_payload(decode=True)), None
    return None, "no multipart field named `file`"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, payload, note=""):
        body = json.dumps(payload).encode()
        with lock:
            log.append({"method": self.command, "path": self.path, "status": status, "note": note})
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def faulted(self, step):
        """The kind of fault set for `step`, if any."""
        with lock:
            if fault.get("step") == step:
                return fault.get("kind")
        return None

    def refuse(self, kind):
        """Answers an error fault (nothing done); true when `kind` is one."""
        if kind not in ERRORS:
            return False
        status = ERRORS[kind]
        body = json.dumps({"message": f"injected {kind}"}).encode()
        with lock:
            log.append({"method": self.command, "path": self.path, "status": status, "note": f"fault {kind}"})
        self.send_response(status)
        if kind == "503-retry-after":
            self.send_header("Retry-After", "1")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return True

    def reset(self):
        """Resets the connection (RST, not FIN): the client sees `connection reset`."""
        with lock:
            log.append({"method": self.command, "path": self.path, "status": 0, "note": "fault reset"})
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def answer_faulty(self, kind, status, payload, note):
        """Answers a request already done through a fault after acting (timeout, trickle, cut);
        false when `kind` is none of them."""
        if kind not in ("timeout", "trickle", "cut"):
            return False
        with lock:
            log.append({"method": self.command, "path": self.path, "status": status, "note": f"{note} then fault {kind}"})
        body = json.dumps(payload).encode()
        head = (f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        self.close_connection = True
        try:
            if kind == "timeout":
                time.sleep(30)
            elif kind == "trickle":
                for b in head + body:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(0.1)
            else:
                self.wfile.write(head + body[: len(body) // 2])
                self.wfile.flush()
        except OSError:
            pass  # the client gave up, as it should
        return True

    def graph_iri(self):
        """The `graph` parameter of a /gs request, or None for another path."""
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/gs":
            return None
        values = urllib.parse.parse_qs(url.query).get("graph", [])
        return values[0] if values else ""

    def graph_store(self, method):
        """PUT, POST and DELETE on /gs; false when the path is another."""
        graph = self.graph_iri()
        if graph is None:
            return False
        step = {"PUT": "put", "DELETE": "delete"}.get(method, "post") + ":" + graph
        kind = self.faulted(step)
        length = int(self.headers.get("Content-Length", "0"))
        if kind == "reset":
            self.rfile.read(length // 2)
            self.reset()
            return True
        body = self.rfile.read(length)
        if self.refuse(kind):
            return True
        if not graph:
            self.reply(400, {"message": "no graph parameter"})
            return True
        lines = [l for l in body.decode("utf-8").split("\n") if l.strip()]
        with lock:
            if method == "PUT":
                graphs[graph] = lines
                status, note = 201, f"put {graph}"
            elif method == "POST":
                graphs.setdefault(graph, []).extend(lines)
                status, note = 204, f"post {graph}"
            elif graph in graphs:
                del graphs[graph]
                status, note = 200, f"deleted {graph}"
            else:
                status, note = 404, f"absent {graph}"
        if not self.answer_faulty(kind, status, {}, note):
            self.reply(status, {}, note)
        return True

    def do_PUT(self):
        if not self.graph_store("PUT"):
            self.reply(404, {"message": "Not found"})

    def do_DELETE(self):
        if not self.graph_store("DELETE"):
            self.reply(404, {"message": "Not found"})

    def control(self):
        """The test's own requests: /_fault, /_reset. False for another path."""
        global fault
        if self.path not in ("/_fault", "/_reset"):
            return False
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            if self.path == "/_fault":
                fault = json.loads(body or b"{}")
            else:
                resources.clear()
                graphs.clear()
                log.clear()
                fault = {}
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return True

    def do_GET(self):
        if self.path == "/_state":
            with lock:
                state = {
                    "resources": sorted(resources.values(), key=lambda r: r["created"]),
                    "graphs": {g: {"sha1": hashlib.sha1("\n".join(sorted(l)).encode()).hexdigest(),
                                   "triples": len(l)} for g, l in graphs.items()},
                }
                body = json.dumps(state).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path == "/_log":
            with lock:
                body = json.dumps(log).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        m = re.fullmatch(r"/api/1/datasets/([^/]+)/", self.path)
        if not m:
            return self.reply(404, {"message": "Not found"})
        if m.group(1) != DATASET:
            return self.reply(404, {"message": "Dataset not found"})
        kind = self.faulted("dataset")
        if kind == "reset":
            return self.reset()
        if self.refuse(kind):
            return
        with lock:
            res = sorted(resources.values(), key=lambda r: r["created"])
        payload = {"id": DATASET, "resources": res}
        if not self.answer_faulty(kind, 200, payload, "dataset"):
            self.reply(200, payload)

    def do_POST(self):
        global fail_first, fail_after_store
        if self.control() or self.graph_store("POST"):
            return
        length = int(self.headers.get("Content-Length", "0"))
        if length > MAX_BYTES:
            # Drain, then refuse, as a proxy with a body limit would.
            self.rfile.read(length)
            return self.reply(413, {"message": "Request Entity Too Large"})
        # The file name comes first in the body: enough to know the step before reading it all.
        start = self.rfile.read(min(length, 512))
        named = re.search(rb'filename="([^"]*)"', start)
        kind = self.faulted("upload:" + (named.group(1).decode() if named else ""))
        if kind == "reset":
            self.rfile.read(max(0, length // 2 - len(start)))
            return self.reset()
        body = start + self.rfile.read(length - len(start))
        if self.refuse(kind):
            return
        key = self.headers.get("X-API-KEY")
        if key is None or (key != KEY and key != "read-only"):
            return self.reply(401, {"message": "Invalid API Key"})
        m = re.fullmatch(r"/api/1/datasets/([^/]+)/(?:resources/([^/]+)/)?upload/", self.path)
        if not m:
            return self.reply(404, {"message": "Not found"})
        if m.group(1) != DATASET:
            return self.reply(404, {"message": "Dataset not found"})
        if key == "read-only":
            return self.reply(403, {"message": "You cannot edit this dataset"})
        with lock:
            if fail_first > 0:
                fail_first -= 1
                failing = True
            else:
                failing = False
        if failing:
            return self.reply(fail_status, {"message": "injected failure"}, "injected")
        part, error = parse_multipart(self.headers.get("Content-Type"), body)
        if error:
            return self.reply(400, {"message": error})
        filename, data = part
        sha1 = hashlib.sha1(data).hexdigest()
        rid = m.group(2)
        with lock:
            if rid is not None:
                if rid not in resources:
                    return self.reply(404, {"message": "Resource not found"})
                r = resources[rid]
                r.update({"title": filename, "checksum": {"type": "sha1", "value": sha1}, "filesize": len(data)})
                status, note = 200, f"replaced {filename}"
            else:
                counter[0] += 1
                rid = f"r{counter[0]:04d}"
                r = {"id": rid, "title": filename, "created": counter[0],
                     "checksum": {"type": "sha1", "value": sha1}, "filesize": len(data)}
                resources[rid] = r
                status, note = 201, f"uploaded {filename}"
                if fail_after_store > 0:
                    fail_after_store -= 1
                    status, note = 503, f"stored then failed {filename}"
        if not self.answer_faulty(kind, status, r, note):
            self.reply(status, r, note)


ThreadingHTTPServer.daemon_threads = True
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
