"""Which payment methods a store offers a customer at checkout, and why one is missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .models import CheckoutSettings, Customer, StripeAccount
from .models.settings import PaymentMethod
from .types import StoreRef


@dataclass(frozen=True)
class MethodOption:
    code: str
    label: str
    available: bool
    reason: str = ""  # why it is not available


def checkout_settings_get(*, store: StoreRef) -> CheckoutSettings:
    """The store's settings (unsaved defaults when it has none yet: nothing offline switched on)."""
    return CheckoutSettings.objects.filter(store_id=store.id).first() or CheckoutSettings(store_id=store.id)


def card_ready(*, store: StoreRef) -> tuple[bool, str]:
    """Whether the store takes card payments now, else the reason."""
    if not settings.STRIPE_SECRET_KEY:
        return False, _("Card payments are not configured on this platform.")
    account = StripeAccount.objects.filter(store_id=store.id).only("charges_enabled").first()
    if account is None or not account.charges_enabled:
        return False, _("This store has not finished setting up card payments.")
    return True, ""


def _known(customer: Customer | None) -> bool:
    """Invoice is for customers with an account who have paid an order before."""
    return bool(customer and customer.user_id and customer.total_spent > 0)


def payment_options(*, store: StoreRef, customer: Customer | None, pickup: bool) -> list[MethodOption]:
    """The methods of the checkout's payment step, in order, each with whether it can be chosen."""
    config = checkout_settings_get(store=store)
    options = []
    if config.card_enabled:
        ready, reason = card_ready(store=store)
        options.append(MethodOption(PaymentMethod.CARD, str(PaymentMethod.CARD.label), ready, reason))
    if config.bank_transfer_enabled and config.iban:
        options.append(MethodOption(PaymentMethod.BANK_TRANSFER, str(PaymentMethod.BANK_TRANSFER.label), True))
    if config.pay_at_pickup_enabled:
        reason = "" if pickup else _("Only with click and collect.")
        options.append(
            MethodOption(PaymentMethod.PAY_AT_PICKUP, str(PaymentMethod.PAY_AT_PICKUP.label), pickup, reason)
        )
    if config.invoice_enabled:
        known = _known(customer)
        reason = "" if known else _("For customers who have ordered and paid before, when signed in.")
        options.append(MethodOption(PaymentMethod.INVOICE, str(PaymentMethod.INVOICE.label), known, reason))
    return options


def payment_method_allowed(*, store: StoreRef, method: str, customer: Any, pickup: bool) -> MethodOption | None:
    """The option for `method` if the customer may choose it, else None."""
    for option in payment_options(store=store, customer=customer, pickup=pickup):
        if option.code == method and option.available:
            return option
    return None
