"""A local stand-in for the parts of Stripe the platform calls, for the tests and for `make run`
without network or Stripe keys.

It answers stripe-python's calls in Stripe's JSON shapes: POST /v1/accounts, GET
/v1/accounts/<id>, POST /v1/account_links, POST /v1/checkout/sessions, POST /v1/refunds. Every
call is kept (`stub.requests`: method, path, the Stripe-Account and Idempotency-Key headers and
the form parameters as Stripe's flat keys, e.g. "payment_intent_data[application_fee_amount]").

Its pages stand in for Stripe's hosted ones: the onboarding link enables the account and sends a
signed account.updated webhook; the Checkout page offers "Pay", which sends a signed
checkout.session.completed webhook (Stripe-Signature: t=...,v1=HMAC-SHA256 of "t.payload") to
the platform and goes on to the session's success URL.

    python -m tools.stripe_stub --port 12111 --webhook-url http://localhost:8000/webhooks/stripe/
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import html
import itertools
import json
import secrets
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

DEFAULT_WEBHOOK_SECRET = "whsec_local_stub"


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send with `payload`."""
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_test_{next(_ids):06d}{secrets.token_hex(4)}"


def event(kind: str, obj: dict, *, account: str | None = None, created: int | None = None) -> dict:
    """A webhook event in Stripe's shape."""
    body = {
        "id": new_id("evt"),
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()) if created is None else created,
        "type": kind,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "data": {"object": obj},
    }
    if account:
        body["account"] = account
    return body


@dataclass
class Recorded:
    method: str
    path: str
    stripe_account: str
    idempotency_key: str
    params: dict[str, str]


@dataclass
class StripeStub:
    """The server's state: accounts, sessions, refunds, the calls received."""

    webhook_url: str = ""
    webhook_secret: str = DEFAULT_WEBHOOK_SECRET
    refund_status: str = "succeeded"  # what new refunds answer: succeeded | pending | failed
    fail_next: str = ""  # a message: the next API call answers 402 with it
    requests: list[Recorded] = field(default_factory=list)
    accounts: dict[str, dict] = field(default_factory=dict)
    sessions: dict[str, dict] = field(default_factory=dict)
    refunds: dict[str, dict] = field(default_factory=dict)
    deliveries: list[tuple[int, str]] = field(default_factory=list)
    url: str = ""
    _server: ThreadingHTTPServer | None = None

    # --- The server ----------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> StripeStub:
        stub = self

        class Handler(_Handler):
            state = stub

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self.url = f"http://{host}:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, name="stripe-stub", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def calls(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]

    # --- Webhooks ------------------------------------------------------------------------------

    def signed(self, body: dict, *, timestamp: int | None = None) -> tuple[str, str]:
        payload = json.dumps(body)
        return payload, sign(payload, self.webhook_secret, timestamp)

    def deliver(self, body: dict) -> int:
        """Post a signed event to the platform's webhook URL, as Stripe does; its status."""
        payload, signature = self.signed(body)
        request = urllib.request.Request(  # noqa: S310 - the configured platform URL
            self.webhook_url,
            data=payload.encode(),
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - a configured URL
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        self.deliveries.append((status, body["type"]))
        return status

    # --- The objects ---------------------------------------------------------------------------

    def account_create(self, params: dict) -> dict:
        account = {
            "id": new_id("acct"),
            "object": "account",
            "type": params.get("type", "express"),
            "country": params.get("country", "LU"),
            "email": params.get("email"),
            "charges_enabled": False,
            "payouts_enabled": False,
            "details_submitted": False,
            "requirements": {"currently_due": ["external_account", "business_profile.url"], "past_due": []},
            "metadata": _nested(params, "metadata"),
        }
        self.accounts[account["id"]] = account
        return account

    def account_enable(self, account_id: str) -> dict:
        account = self.accounts[account_id]
        account.update(charges_enabled=True, payouts_enabled=True, details_submitted=True)
        account["requirements"] = {"currently_due": [], "past_due": []}
        return account

    def session_create(self, params: dict, account: str) -> dict:
        session_id = new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params.get("mode", "payment"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": int(params.get("line_items[0][price_data][unit_amount]", "0"))
            * int(params.get("line_items[0][quantity]", "1")),
            "currency": params.get("line_items[0][price_data][currency]", "eur"),
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "metadata": _nested(params, "metadata"),
            "payment_intent": None,
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"{self.url}/checkout/{session_id}",
            "account": account,
            "application_fee_amount": int(params.get("payment_intent_data[application_fee_amount]", "0")),
        }
        self.sessions[session_id] = session
        return session

    def session_complete(self, session_id: str) -> dict:
        """Pay the session: its checkout.session.completed event (not yet delivered)."""
        session = self.sessions[session_id]
        session.update(
            status="complete", payment_status="paid", payment_intent=session.get("payment_intent") or new_id("pi")
        )
        obj = {k: v for k, v in session.items() if k not in ("account", "application_fee_amount")}
        return event("checkout.session.completed", obj, account=session["account"])

    def refund_create(self, params: dict, account: str) -> dict:
        refund = {
            "id": new_id("re"),
            "object": "refund",
            "amount": int(params.get("amount", "0")),
            "payment_intent": params.get("payment_intent"),
            "status": self.refund_status,
            "failure_reason": "expired_or_canceled_card" if self.refund_status == "failed" else None,
            "metadata": _nested(params, "metadata"),
            "account": account,
        }
        self.refunds[refund["id"]] = refund
        return refund


def _nested(params: dict, name: str) -> dict:
    prefix = f"{name}["
    return {key[len(prefix) : -1]: value for key, value in params.items() if key.startswith(prefix)}


class _Handler(BaseHTTPRequestHandler):
    state: StripeStub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def _answer(self, status: int, body: dict | str, content_type: str = "application/json", location: str = ""):
        data = (json.dumps(body) if isinstance(body, dict) else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", new_id("req"))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, kind: str = "invalid_request_error") -> None:
        self._answer(status, {"error": {"type": kind, "message": message, "code": "stub_error"}})

    def _read(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        return dict(parse_qsl(raw, keep_blank_values=True))

    def _record(self, params: dict) -> Recorded:
        recorded = Recorded(
            method=self.command,
            path=urlsplit(self.path).path,
            stripe_account=self.headers.get("Stripe-Account", ""),
            idempotency_key=self.headers.get("Idempotency-Key", ""),
            params=params,
        )
        self.state.requests.append(recorded)
        return recorded

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = urlsplit(self.path).path
        parts = path.strip("/").split("/")
        if path.startswith("/v1/"):
            self._record({})
        if parts[:2] == ["v1", "accounts"] and len(parts) == 3:
            account = self.state.accounts.get(parts[2])
            return self._answer(200, account) if account else self._error(404, "No such account")
        if parts[0] == "checkout" and len(parts) == 2 and parts[1] in self.state.sessions:
            return self._answer(200, _checkout_page(self.state.sessions[parts[1]]), "text/html; charset=utf-8")
        if parts[:2] == ["connect", "onboard"] and len(parts) == 3 and parts[2] in self.state.accounts:
            account = self.state.account_enable(parts[2])
            if self.state.webhook_url:
                self.state.deliver(event("account.updated", dict(account), account=account["id"]))
            return self._answer(302, "", "text/plain", location=account.get("_return_url") or "/")
        return self._error(404, f"Unrecognized request URL (GET: {path})")

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        params = self._read()
        path = urlsplit(self.path).path
        if path.startswith("/checkout/") and path.endswith("/pay"):
            return self._pay(path.split("/")[2])
        recorded = self._record(params)
        if self.state.fail_next:
            message, self.state.fail_next = self.state.fail_next, ""
            return self._error(402, message, "card_error")
        handler = {
            "/v1/accounts": lambda: self.state.account_create(params),
            "/v1/account_links": lambda: self._link(params),
            "/v1/checkout/sessions": lambda: self.state.session_create(params, recorded.stripe_account),
            "/v1/refunds": lambda: self.state.refund_create(params, recorded.stripe_account),
        }.get(path)
        if handler is None:
            return self._error(404, f"Unrecognized request URL (POST: {path})")
        return self._answer(200, handler())

    def _link(self, params: dict) -> dict:
        account = self.state.accounts.get(params.get("account", ""))
        if account is None:
            return {"error": "no such account"}
        account["_return_url"] = params.get("return_url")
        return {
            "object": "account_link",
            "created": int(time.time()),
            "expires_at": int(time.time()) + 300,
            "url": f"{self.state.url}/connect/onboard/{account['id']}",
        }

    def _pay(self, session_id: str) -> None:
        session = self.state.sessions.get(session_id)
        if session is None:
            return self._error(404, "No such checkout session")
        if self.state.webhook_url:
            self.state.deliver(self.state.session_complete(session_id))
        target = (session.get("success_url") or "/").replace("{CHECKOUT_SESSION_ID}", session_id)
        return self._answer(303, "", "text/plain", location=target)


def _checkout_page(session: dict) -> str:
    amount = f"{session['amount_total'] / 100:.2f} {session['currency'].upper()}"
    cancel = html.escape(session.get("cancel_url") or "/")
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Stripe (local stand-in)</title></head>"
        f"<body><h1>Pay {html.escape(amount)}</h1><p>Local Stripe stand-in: no card is charged.</p>"
        f'<form method=post action="/checkout/{html.escape(session["id"])}/pay"><button>Pay</button></form>'
        f'<p><a href="{cancel}">Cancel</a></p></body></html>'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--webhook-url", default="http://localhost:8000/webhooks/stripe/")
    parser.add_argument("--webhook-secret", default=DEFAULT_WEBHOOK_SECRET)
    args = parser.parse_args()
    stub = StripeStub(webhook_url=args.webhook_url, webhook_secret=args.webhook_secret).start(args.host, args.port)
    print(f"Stripe stand-in on {stub.url}, webhooks to {args.webhook_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        stub.stop()


if __name__ == "__main__":
    main()
