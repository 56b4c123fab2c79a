"""Local stand-ins for the wallet services the loyalty app calls, for the tests and for `make run`
without Apple or Google accounts. One HTTP server answers:

- APNs: POST /3/device/<push token> (200; 410 for a token in `gone`, `fail_status` for every push
  when set), recording the apns-topic header and the body;
- Google OAuth: POST /token (the JWT bearer grant): an access token "stub-token";
- Google Wallet: PATCH /walletobjects/v1/loyaltyObject/<id> (200; 404 for an id in `unknown`;
  401 without "Bearer stub-token").

Every request is kept in `stub.requests` (method, path, headers, body). Plain HTTP/1.1: the real
APNs speaks HTTP/2 over TLS, which the client negotiates; here it falls back to HTTP/1.1.

    python -m tools.wallet_stub --port 12113      (make run starts it: tools/devstack.py)
"""

from __future__ import annotations

import argparse
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

TOKEN = "stub-token"  # noqa: S105 - a test value
API_PREFIX = "/walletobjects/v1"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode()))


@dataclass
class WalletStub:
    requests: list[Recorded] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)  # APNs push tokens answered 410
    unknown: set[str] = field(default_factory=set)  # Google object ids answered 404
    fail_status: int | None = None  # answer every APNs and Google call with this status
    _server: ThreadingHTTPServer | None = None

    def reset(self) -> None:
        self.requests.clear()
        self.gone.clear()
        self.unknown.clear()
        self.fail_status = None

    def of(self, method: str, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def apns_url(self) -> str:
        return self.url

    @property
    def google_api_url(self) -> str:
        return self.url + API_PREFIX

    @property
    def google_token_url(self) -> str:
        return self.url + "/token"

    def answer(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, dict]:
        if path == "/token" and method == "POST":
            return 200, {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600}
        if self.fail_status:
            return self.fail_status, {"error": "stub failure"}
        if path.startswith("/3/device/") and method == "POST":
            gone = path.removeprefix("/3/device/") in self.gone
            return (410, {"reason": "Unregistered"}) if gone else (200, {})
        if path.startswith(API_PREFIX + "/loyaltyObject/") and method == "PATCH":
            if headers.get("authorization") != f"Bearer {TOKEN}":
                return 401, {"error": {"code": 401}}
            object_id = path.rsplit("/", 1)[1]
            if object_id in self.unknown:
                return 404, {"error": {"code": 404}}
            return 200, {"id": object_id}
        return 404, {"error": "no such stub endpoint"}

    def start(self, host: str = "127.0.0.1", port: int = 0) -> WalletStub:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                stub.requests.append(Recorded(self.command, self.path, headers, body))
                status, payload = stub.answer(self.command, self.path, headers)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = do_PATCH = do_GET = _handle  # noqa: N815 - BaseHTTPRequestHandler's names

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12113)
    args = parser.parse_args()
    stub = WalletStub().start(args.host, args.port)
    print(f"wallet stub on {stub.url} (APNs: {stub.apns_url}, Google API: {stub.google_api_url})")  # noqa: T201
    threading.Event().wait()


if __name__ == "__main__":
    main()
