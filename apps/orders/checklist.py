"""The orders module's steps of the store's setup checklist: a way to deliver, a way to pay."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from apps.core.modules import ChecklistItem

from .models import ShippingMethod
from .payment_methods import card_ready, checkout_settings_get
from .permissions import Action, permission_of


def _url(name: str, store) -> str:
    try:
        return reverse(name, kwargs={"code": store.code})
    except NoReverseMatch:  # a page of the module not mounted (yet)
        return ""


def payments_ready(store) -> bool:
    """An offline method is on with what it needs (bank transfer: the IBAN; pay at pickup: an
    active click-and-collect method; invoice), or the store takes card payments."""
    config = checkout_settings_get(store=store)
    if config.bank_transfer_enabled and config.iban:
        return True
    if config.invoice_enabled:
        return True
    if (
        config.pay_at_pickup_enabled
        and ShippingMethod.objects.filter(store_id=store.id, kind=ShippingMethod.Kind.PICKUP, is_active=True).exists()
    ):
        return True
    return config.card_enabled and card_ready(store=store)[0]


def items(store):
    return [
        ChecklistItem(
            key="orders.shipping",
            label=_("Set up shipping"),
            done=ShippingMethod.objects.filter(store_id=store.id, is_active=True).exists(),
            url=_url("store:orders:settings_shipping", store),
            hint=_("Flat rates for Luxembourg and the neighbours, or click and collect."),
            permission=permission_of(Action.SETTINGS_CHANGE),
        ),
        ChecklistItem(
            key="orders.payments",
            label=_("Set up payments"),
            done=payments_ready(store),
            url=_url("store:orders:settings_payments", store),
            hint=_("Bank transfer, pay at pickup, invoice, or cards through your own Stripe account."),
            permission=permission_of(Action.SETTINGS_CHANGE),
        ),
    ]
