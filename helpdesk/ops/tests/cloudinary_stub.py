"""Cloudinary's HTTP API on loopback, for tests: it keeps uploaded resources,
checks every signature as Cloudinary does, and records each request.

The SDK talks to it over real HTTP (CLOUDINARY_URL's upload_prefix), so the
requests asserted are the bytes the app would send to Cloudinary. Replies
have the shape of Cloudinary's documented ones, cut to the fields we read.
"""

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlparse

API_KEY = "123456789012345"
API_SECRET = "stub-secret"
CLOUD = "demo"
# Sent but never signed (Cloudinary's rule).
_UNSIGNED = {"file", "api_key", "signature", "resource_type", "cloud_name", "signature_algorithm"}


def expected_signature(params: dict[str, str]) -> str:
    parts = sorted(
        f"{key}={value}".replace("&", "%26")
        for key, value in params.items()
        if value and key not in _UNSIGNED
    )
    return hashlib.sha1(("&".join(parts) + API_SECRET).encode()).hexdigest()  # noqa: S324


@dataclass
class Call:
    method: str
    path: str
    params: dict[str, str]
    file: bytes | None = None


@dataclass
class CloudinaryStub:
    server: ThreadingHTTPServer
    calls: list[Call] = field(default_factory=list)
    # (resource type, delivery type, public id) -> bytes
    resources: dict[tuple[str, str, str], bytes] = field(default_factory=dict)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"cloudinary://{API_KEY}:{API_SECRET}@{CLOUD}?upload_prefix=http://{host!s}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start() -> CloudinaryStub:
    stub: CloudinaryStub

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def _handle(self) -> None:
            parsed = urlparse(self.path)
            params = dict(parse_qsl(parsed.query))
            file = None
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            content_type = self.headers.get("Content-Type", "")
            if content_type.startswith("multipart/form-data"):
                message = BytesParser(policy=HTTP).parsebytes(
                    f"Content-Type: {content_type}\r\n\r\n".encode() + body
                )
                for part in message.iter_parts():
                    name = str(part.get_param("name", header="content-disposition"))
                    payload = part.get_payload(decode=True)
                    assert isinstance(payload, bytes)
                    if name == "file":
                        file = payload
                    else:
                        params[name] = payload.decode()
            elif body:
                params.update(parse_qsl(body.decode()))
            call = Call(self.command, unquote(parsed.path), params, file)
            stub.calls.append(call)
            status, reply = route(call)
            if isinstance(reply, bytes):
                data, kind = reply, "application/octet-stream"
            else:
                data, kind = json.dumps(reply).encode(), "application/json"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def route(call: Call) -> tuple[int, Any]:
        parts = call.path.strip("/").split("/")  # v1_1, cloud, ...
        assert parts[:2] == ["v1_1", CLOUD], call.path
        if parts[2:] == ["ping"]:
            return 200, {"status": "ok"}
        if parts[2] == "resources":  # Admin API: basic auth, no signature
            resource_type, delivery, public_id = parts[3], parts[4], "/".join(parts[5:])
            data = stub.resources.get((resource_type, delivery, public_id))
            if data is None:
                return 404, {"error": {"message": f"Resource not found - {public_id}"}}
            return 200, {"public_id": public_id, "bytes": len(data), "type": delivery}
        resource_type, action = parts[2], parts[3]
        if call.params.get("signature") != expected_signature(call.params):
            return 401, {"error": {"message": "Invalid Signature"}}
        key = (resource_type, call.params.get("type", "upload"), call.params["public_id"])
        if action == "upload":
            assert call.file is not None
            stub.resources[key] = call.file
            return 200, {
                "public_id": key[2],
                "version": 1,
                "resource_type": resource_type,
                "type": key[1],
                "bytes": len(call.file),
            }
        if action == "destroy":
            found = stub.resources.pop(key, None) is not None
            return 200, {"result": "ok" if found else "not found"}
        if action == "download":
            if int(call.params["expires_at"]) < time.time():
                return 401, {"error": {"message": "Expired"}}
            name = key[2] + (f".{call.params['format']}" if call.params.get("format") else "")
            data = stub.resources.get((resource_type, key[1], key[2]))
            if data is None:
                return 404, {"error": {"message": f"Resource not found - {name}"}}
            return 200, data
        return 404, {"error": {"message": f"No such action {action}"}}

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub = CloudinaryStub(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stub
