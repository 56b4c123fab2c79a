"""A store's offline payment methods and bank details (the Payments page); card payments depend
on its Stripe account as well (services.stripe_connect)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed

from ..errors import OrdersErrorCode
from ..models import CheckoutSettings
from ..types import Actor, StoreRef

FIELDS = (
    "bank_transfer_enabled",
    "pay_at_pickup_enabled",
    "invoice_enabled",
    "card_enabled",
    "account_holder",
    "iban",
    "bic",
)


def iban_clean(value: str) -> str:
    """The IBAN in its compact form, or a ValidationFailed that says what is wrong."""
    try:
        return IBAN(value).compact
    except SchwiftyException as error:
        message = _("Enter a valid IBAN (check the country code, length and check digits).")
        raise ValidationFailed(
            message, code=OrdersErrorCode.BANK_DETAILS_INVALID, fields={"iban": [message]}
        ) from error


def bic_clean(value: str) -> str:
    try:
        return BIC(value).compact
    except SchwiftyException as error:
        message = _("Enter a valid BIC (8 or 11 letters and digits).")
        raise ValidationFailed(message, code=OrdersErrorCode.BANK_DETAILS_INVALID, fields={"bic": [message]}) from error


def payment_settings_update(*, store: StoreRef, actor: Actor, **changes) -> CheckoutSettings:
    """Switch the store's payment methods and set its bank details. Bank transfer needs an
    account holder and a valid IBAN (customers are told to pay to it)."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown settings: %(names)s") % {"names": ", ".join(sorted(unknown))})
    with transaction.atomic():
        config, _created = CheckoutSettings.objects.select_for_update().get_or_create(store_id=store.id)
        for name, value in changes.items():
            setattr(config, name, value.strip() if isinstance(value, str) else bool(value))
        config.iban = iban_clean(config.iban) if config.iban else ""
        config.bic = bic_clean(config.bic) if config.bic else ""
        if config.bank_transfer_enabled and not (config.iban and config.account_holder):
            message = _("Bank transfer needs the account holder and the IBAN customers pay to.")
            fields = {name: [message] for name in ("account_holder", "iban") if not getattr(config, name)}
            raise ValidationFailed(message, code=OrdersErrorCode.BANK_DETAILS_INVALID, fields=fields)
        config.save()
        audit_record(
            actor=actor,
            action="orders.payment_settings_update",
            target=store.code,
            store=store,
            data={name: getattr(config, name) for name in FIELDS if name.endswith("_enabled")},
        )
    return config
