"""The one way to Stripe: every call of the orders app goes through here (stripe-python's
StripeClient), as does reading a signed webhook. STRIPE_API_BASE points the client at the local
stand-in (tools/stripe_stub.py) in the tests and in development without network.

Calls on a store's connected account (direct charges, its refunds, its account) carry the
account in the Stripe-Account header (`stripe_account`); Stripe errors come back as StripeFailed
with a message a merchant can read, never as a 500."""

from __future__ import annotations

from typing import Any

import stripe
from django.conf import settings

from apps.core import secrets


class StripeFailed(Exception):
    """Stripe refused the call or could not be reached; `message` says why."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.message, self.code = message, code


class WebhookSignatureInvalid(Exception):
    """A webhook without a valid Stripe-Signature for its body (or not JSON)."""


def configured() -> bool:
    """Whether the platform has Stripe keys: without them card payments are off everywhere."""
    return bool(settings.STRIPE_SECRET_KEY)


def _client() -> stripe.StripeClient:
    bases = {"api": settings.STRIPE_API_BASE, "connect": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=bases, max_network_retries=2)


def _call(method, *args: Any, **kwargs: Any) -> Any:
    try:
        return method(*args, **kwargs)
    except stripe.StripeError as error:
        message = error.user_message or getattr(error, "_message", None) or str(error) or "Stripe error"
        raise StripeFailed(str(message), code=error.code or "") from error


def _on(account_id: str, idempotency_key: str = "") -> dict:
    options: dict[str, Any] = {"stripe_account": account_id}
    if idempotency_key:
        options["idempotency_key"] = idempotency_key
    return options


# --- The connected account ----------------------------------------------------------------------


def account_create(*, email: str, business_name: str, metadata: dict[str, str], idempotency_key: str) -> str:
    """Create the store's connected account; its id."""
    params: dict[str, Any] = {
        "type": settings.STRIPE_CONNECT_ACCOUNT_TYPE,
        "country": settings.STRIPE_CONNECT_COUNTRY,
        "business_profile": {"name": business_name},
        "metadata": metadata,
    }
    if email:
        params["email"] = email
    if settings.STRIPE_CONNECT_ACCOUNT_TYPE == "express":
        params["capabilities"] = {"card_payments": {"requested": True}, "transfers": {"requested": True}}
    account = _call(_client().v1.accounts.create, params, {"idempotency_key": idempotency_key})
    return account.id


def account_retrieve(*, account_id: str) -> dict:
    """The account as Stripe sees it now (a plain dict, as in an account.updated event)."""
    return _call(_client().v1.accounts.retrieve, account_id).to_dict()


def account_link_create(*, account_id: str, refresh_url: str, return_url: str) -> str:
    """A one-time onboarding link for the account's owner (it expires after a few minutes)."""
    params = {"account": account_id, "refresh_url": refresh_url, "return_url": return_url, "type": "account_onboarding"}
    return _call(_client().v1.account_links.create, params).url


# --- Payments on the connected account (direct charges) -----------------------------------------


def checkout_session_create(*, account_id: str, params: dict[str, Any], idempotency_key: str) -> tuple[str, str]:
    """A Checkout Session on the connected account: its id and the URL of its payment page."""
    session = _call(_client().v1.checkout.sessions.create, params, _on(account_id, idempotency_key))
    return session.id, session.url


def refund_create(*, account_id: str, payment_intent: str, amount_cents: int, metadata: dict, idempotency_key: str):
    """Refund part or all of a payment on the connected account: (id, status, failure reason)."""
    params = {"payment_intent": payment_intent, "amount": amount_cents, "metadata": metadata}
    refund = _call(_client().v1.refunds.create, params, _on(account_id, idempotency_key)).to_dict()
    return refund["id"], refund.get("status") or "pending", refund.get("failure_reason") or ""


# --- Webhooks ----------------------------------------------------------------------------------


def event_construct(*, payload: bytes, signature: str | None) -> stripe.Event:
    """The event of a webhook, its signature verified first (Stripe-Signature: t=...,v1=..., an
    HMAC-SHA256 of "t.payload" with STRIPE_WEBHOOK_SECRET, within Stripe's 5-minute tolerance)."""
    if not signature or not settings.STRIPE_WEBHOOK_SECRET:
        raise WebhookSignatureInvalid("missing signature")
    try:
        return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as error:
        raise WebhookSignatureInvalid(str(error)) from error


# --- The account id at rest ---------------------------------------------------------------------


secret_encrypt = secrets.secret_encrypt


def secret_decrypt(token: str) -> str:
    try:
        return secrets.secret_decrypt(token)
    except secrets.SecretUnreadable as error:
        raise StripeFailed("The stored Stripe account cannot be read with this platform's key.") from error
