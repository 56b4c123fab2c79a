"""Postal addresses as orders and carts keep them: a dict of plain strings, checked here."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _
from django_countries import countries

from apps.core.errors import ValidationFailed

from .errors import OrdersErrorCode

FIELDS = {
    "first_name": 100,
    "last_name": 100,
    "company": 120,
    "line1": 200,
    "line2": 200,
    "postal_code": 16,
    "city": 100,
    "country": 2,
    "phone": 32,
}
REQUIRED = ("first_name", "last_name", "line1", "postal_code", "city", "country")


def phone_clean(value: str, *, region: str = "") -> str:
    """A phone number in E.164 (+352...), or ValueError."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, region or settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValueError(str(error)) from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError("invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def address_clean(data: Any, *, prefix: str, countries_allowed: Collection[str] | None = None) -> dict[str, str]:
    """The address in `data` (a mapping) cleaned, or ValidationFailed naming each bad field as
    "<prefix>.<field>". `countries_allowed`: ISO codes the store ships to (None: any country)."""
    if not isinstance(data, Mapping):
        message = _("Enter an address.")
        raise ValidationFailed(message, code=OrdersErrorCode.ADDRESS_INVALID, fields={prefix: [message]})
    clean = {name: str(data.get(name) or "").strip()[:length] for name, length in FIELDS.items()}
    clean["country"] = clean["country"].upper()
    errors: dict[str, list[str]] = {}
    for name in REQUIRED:
        if not clean[name]:
            errors[f"{prefix}.{name}"] = [_("This field is required.")]
    if clean["country"] and clean["country"] not in dict(countries):
        errors[f"{prefix}.country"] = [_("Choose a country from the list.")]
    try:
        clean["phone"] = phone_clean(clean["phone"], region=clean["country"])
    except ValueError:
        errors[f"{prefix}.phone"] = [_("Enter a valid phone number, e.g. +352 621 123 456.")]
    if errors:
        raise ValidationFailed(_("Please check the address."), code=OrdersErrorCode.ADDRESS_INVALID, fields=errors)
    if countries_allowed is not None and clean["country"] not in countries_allowed:
        message = _("We do not ship to %(country)s.") % {"country": countries.name(clean["country"])}
        raise ValidationFailed(
            message, code=OrdersErrorCode.COUNTRY_NOT_SHIPPED, fields={f"{prefix}.country": [message]}
        )
    return clean


def address_name(address: Mapping[str, str]) -> str:
    return f"{address.get('first_name', '')} {address.get('last_name', '')}".strip()
