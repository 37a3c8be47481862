"""A local stand-in for the udata API v1 (data.gouv.fr), implementing what `publish --upload`
uses, as documented, and checking what it receives:

  GET  /api/1/datasets/{id}/                          the dataset with its resources
  POST /api/1/datasets/{id}/upload/                   multipart field `file`: new resource
  POST /api/1/datasets/{id}/resources/{rid}/upload/   multipart field `file`: replace its file

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
import sys
import threading
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

    def do_GET(self):
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
        with lock:
            res = sorted(resources.values(), key=lambda r: r["created"])
        self.reply(200, {"id": DATASET, "resources": res})

    def do_POST(self):
        global fail_first, fail_after_store
        length = int(self.headers.get("Content-Length", "0"))
        if length > MAX_BYTES:
            # Drain, then refuse, as a proxy with a body limit would.
            self.rfile.read(length)
            return self.reply(413, {"message": "Request Entity Too Large"})
        body = self.rfile.read(length)
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
        self.reply(status, r, note)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
