"""A store's Stripe Connect account: created by its owner from the Payments page, onboarded on
Stripe's pages (account links), and kept up to date by account.updated webhooks or by reading it
again when the owner comes back. The account id is stored encrypted; its hash routes webhooks
to the merchant's schema (tenancy's PaymentAccountRoute)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import secrets
from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed
from apps.tenancy import services as tenancy_services

from .. import stripe_client
from ..errors import OrdersErrorCode
from ..models import StripeAccount
from ..types import Actor, StoreRef


@dataclass(frozen=True)
class AccountState:
    """What the Payments page shows of a store's Stripe account."""

    configured: bool  # the platform has Stripe keys
    connected: bool  # the store has an account
    charges_enabled: bool = False
    payouts_enabled: bool = False
    details_submitted: bool = False
    requirements: tuple[str, ...] = ()


def _not_configured() -> ValidationFailed:
    return ValidationFailed(
        _("Card payments are not configured on this platform."), code=OrdersErrorCode.STRIPE_NOT_CONFIGURED
    )


def _failed(error: stripe_client.StripeFailed) -> ValidationFailed:
    return ValidationFailed(
        _("Stripe could not do this: %(reason)s") % {"reason": error.message}, code=OrdersErrorCode.STRIPE_ERROR
    )


def stripe_account_state(*, store: StoreRef) -> AccountState:
    if not stripe_client.configured():
        return AccountState(configured=False, connected=False)
    account = StripeAccount.objects.filter(store_id=store.id).first()
    if account is None:
        return AccountState(configured=True, connected=False)
    return AccountState(
        configured=True,
        connected=True,
        charges_enabled=account.charges_enabled,
        payouts_enabled=account.payouts_enabled,
        details_submitted=account.details_submitted,
        requirements=tuple(account.requirements or ()),
    )


def stripe_account_id(*, store: StoreRef) -> str:
    """The store's connected account id (decrypted), or "" when it has none."""
    account = StripeAccount.objects.filter(store_id=store.id).only("account_id_encrypted").first()
    return stripe_client.secret_decrypt(account.account_id_encrypted) if account else ""


def stripe_connect_start(*, store: StoreRef, actor: Actor, refresh_url: str, return_url: str) -> str:
    """Create the store's connected account unless it has one, and return the onboarding link
    its owner is sent to."""
    if not stripe_client.configured():
        raise _not_configured()
    account_id = stripe_account_id(store=store)
    if not account_id:
        try:
            account_id = stripe_client.account_create(
                email=getattr(store, "contact_email", "") or getattr(actor, "email", ""),
                business_name=store.name,
                metadata={"merchant_schema": connection.schema_name, "store_id": str(store.id)},
                idempotency_key=f"connect-{connection.schema_name}-{store.id}",
            )
        except stripe_client.StripeFailed as error:
            raise _failed(error) from error
        with transaction.atomic():
            StripeAccount.objects.create(
                store_id=store.id,
                account_id_encrypted=stripe_client.secret_encrypt(account_id),
                account_id_hash=tenancy_services.account_id_hash(account_id),
            )
            tenancy_services.payment_route_set(merchant=store.merchant, store_id=store.id, account_id=account_id)
            audit_record(actor=actor, action="orders.stripe_connect", target=store.code, store=store, data={})
    return stripe_connect_link(store=store, refresh_url=refresh_url, return_url=return_url)


def stripe_connect_link(*, store: StoreRef, refresh_url: str, return_url: str) -> str:
    """A new onboarding link for the store's account (Stripe's links are used once and expire)."""
    account_id = stripe_account_id(store=store)
    if not account_id:
        raise ValidationFailed(_("Connect a Stripe account first."), code=OrdersErrorCode.STRIPE_NOT_CONFIGURED)
    try:
        return stripe_client.account_link_create(account_id=account_id, refresh_url=refresh_url, return_url=return_url)
    except stripe_client.StripeFailed as error:
        raise _failed(error) from error


def stripe_account_refresh(*, store: StoreRef) -> AccountState:
    """Read the store's account from Stripe again (the owner is back from onboarding)."""
    account_id = stripe_account_id(store=store)
    if account_id and stripe_client.configured():
        try:
            data = stripe_client.account_retrieve(account_id=account_id)
        except stripe_client.StripeFailed as error:
            raise _failed(error) from error
        stripe_account_apply(store=store, data=data, as_of=timezone.now())
    return stripe_account_state(store=store)


def _requirements(data: dict) -> list[str]:
    requirements = data.get("requirements") or {}
    due = [*(requirements.get("currently_due") or ()), *(requirements.get("past_due") or ())]
    return sorted({str(item)[:100] for item in due})[:50]


def stripe_account_apply(*, store: StoreRef, data: dict, as_of: datetime) -> bool:
    """Take the account's state from Stripe's account object (webhook or read). An older state
    than the one applied is ignored, so events arriving out of order are harmless. True when
    applied."""
    with transaction.atomic():
        account = StripeAccount.objects.select_for_update().filter(store_id=store.id).first()
        if account is None or account.account_id_hash != tenancy_services.account_id_hash(str(data.get("id", ""))):
            return False
        if account.state_as_of is not None and as_of < account.state_as_of:
            return False
        was_enabled = account.charges_enabled
        account.charges_enabled = bool(data.get("charges_enabled"))
        account.payouts_enabled = bool(data.get("payouts_enabled"))
        account.details_submitted = bool(data.get("details_submitted"))
        account.requirements = _requirements(data)
        account.state_as_of = as_of
        account.save()
        if account.charges_enabled != was_enabled:
            audit_record(
                actor=None,
                action="orders.stripe_account_update",
                target=store.code,
                store=store,
                data={"charges_enabled": account.charges_enabled},
            )
    return True


def stripe_secrets_rotate() -> int:
    """Re-encrypt every Stripe account id of this schema with the current FIELD_ENCRYPTION_KEY
    (`manage.py secrets_rotate`): how many."""
    count = 0
    with transaction.atomic():
        for account in StripeAccount.objects.select_for_update().order_by("pk"):
            account.account_id_encrypted = secrets.secret_rotate(account.account_id_encrypted)
            account.save(update_fields=["account_id_encrypted"])
            count += 1
    return count
