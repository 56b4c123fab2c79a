"""Stripe for the orders tests: the local stand-in (tools/stripe_stub.py) on a free port, with
the platform's settings pointed at it, and helpers to connect a store and send signed webhooks
through the platform's real endpoint."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.orders import stripe_client
from apps.orders.models import StripeAccount
from apps.tenancy import services as tenancy_services
from tools.stripe_stub import StripeStub, event

WEBHOOK_SECRET = "whsec_test_platform"
WEBHOOK_PATH = "/webhooks/stripe/"


@pytest.fixture(scope="session")
def _stripe_server():
    stub = StripeStub(webhook_secret=WEBHOOK_SECRET).start()
    yield stub
    stub.stop()


@pytest.fixture
def stripe_stub(_stripe_server, settings):
    """The stand-in, emptied, and the platform configured to use it."""
    stub = _stripe_server
    for kept in (stub.requests, stub.accounts, stub.sessions, stub.refunds, stub.deliveries):
        kept.clear()
    stub.refund_status, stub.fail_next = "succeeded", ""
    settings.STRIPE_SECRET_KEY = "sk_test_platform"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stub.url
    return stub


def stripe_connected(tenant, stub: StripeStub, *, enabled: bool = True, store=None) -> str:
    """Give the tenant's store a connected account at the stand-in (as the Payments page does);
    its account id."""
    store = store or tenant.store
    account = stub.account_create({"type": "express", "country": "LU"})
    if enabled:
        stub.account_enable(account["id"])
    with tenant:
        StripeAccount.objects.create(
            store_id=store.id,
            account_id_encrypted=stripe_client.secret_encrypt(account["id"]),
            account_id_hash=tenancy_services.account_id_hash(account["id"]),
            charges_enabled=enabled,
            payouts_enabled=enabled,
            details_submitted=enabled,
        )
    tenancy_services.payment_route_set(merchant=tenant.merchant, store_id=store.id, account_id=account["id"])
    return account["id"]


def webhook_post(client: Client, stub: StripeStub, body: dict, *, signature: str | None = "sign", timestamp=None):
    """POST an event to the platform's webhook endpoint, signed as Stripe does (or with the
    `signature` given, None for none)."""
    payload, signed = stub.signed(body, timestamp=timestamp)
    headers = {} if signature is None else {"HTTP_STRIPE_SIGNATURE": signed if signature == "sign" else signature}
    return client.post(WEBHOOK_PATH, data=payload, content_type="application/json", **headers)


__all__ = ["event", "stripe_connected", "stripe_stub", "webhook_post", "_stripe_server"]
