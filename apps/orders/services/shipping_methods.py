"""The store's shipping methods as its settings page keeps them: a flat rate to one zone (LU,
BE/DE/FR, the rest of the EU), optionally free above an order amount or priced by weight bands,
or click-and-collect with pickup instructions. Methods are deactivated, never deleted: orders
point at them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed
from apps.core.numbers import NotANumber, decimal_places, parse_decimal, parse_integer

from ..models import ShippingMethod
from ..models.settings import ShippingZone
from ..types import StoreRef

MAX_AMOUNT = Decimal("99999.99")
MAX_GRAMS = 1_000_000
MAX_BANDS = 20
FIELDS = ("name", "kind", "zone", "price", "free_above", "weight_rates", "delivery_days", "pickup_instructions")
AMOUNT_ERROR = gettext_lazy("Enter an amount of 0 or more with at most two decimals.")


def _amount(value: Any, *, required: bool) -> Decimal | None:
    """An amount in EUR, or ValueError."""
    if value is None or value == "":
        if required:
            raise ValueError
        return None
    number = parse_decimal(value if not isinstance(value, str) else value.strip(), comma=True)
    if number < 0 or number > MAX_AMOUNT or decimal_places(number) > 2:
        raise ValueError
    return number


def _bands(value: Any, errors: dict[str, list[str]]) -> list[dict[str, str | int]]:
    """Weight bands [{"up_to_grams": int, "price": "6.90"}] in strictly ascending order."""
    if not isinstance(value, list) or not value:
        errors["weight_rates"] = [_("Add at least one weight band.")]
        return []
    if len(value) > MAX_BANDS:
        errors["weight_rates"] = [_("At most %(count)d weight bands.") % {"count": MAX_BANDS}]
        return []
    bands, previous = [], 0
    for band in value:
        try:
            grams = parse_integer(band["up_to_grams"])
            price = _amount(band["price"], required=True)
        except (KeyError, TypeError, NotANumber, ValueError):
            errors["weight_rates"] = [_("Each band needs a weight in grams and a price, e.g. 2000 = 6.90.")]
            return []
        if not 0 < grams <= MAX_GRAMS:
            errors["weight_rates"] = [_("Weights are whole grams between 1 and 1,000,000.")]
            return []
        if grams <= previous:
            errors["weight_rates"] = [_("List the bands from the lightest to the heaviest, each weight once.")]
            return []
        previous = grams
        bands.append({"up_to_grams": grams, "price": f"{price:.2f}"})
    return bands


def _text(data: Mapping[str, Any], name: str, length: int, errors: dict[str, list[str]]) -> str:
    value = data.get(name) or ""
    if not isinstance(value, str):
        errors[name] = [_("Enter text.")]
        return ""
    value = value.strip()
    if len(value) > length:
        errors[name] = [_("At most %(count)d characters.") % {"count": length}]
    return value


def _money(data: Mapping[str, Any], name: str, errors: dict[str, list[str]], *, required: bool) -> Decimal | None:
    try:
        return _amount(data.get(name), required=required)
    except (NotANumber, ValueError):
        errors[name] = [str(AMOUNT_ERROR)]
        return None


def _zone(kind: str, data: Mapping[str, Any], errors: dict[str, list[str]]) -> str:
    if kind == ShippingMethod.Kind.PICKUP:
        return ""
    zone = data.get("zone") or ""
    if zone not in ShippingZone.values:
        errors["zone"] = [_("Choose the zone this rate ships to.")]
    return zone


def shipping_method_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of a method from `data`, cleaned, or ValidationFailed naming each bad field."""
    errors: dict[str, list[str]] = {}
    kind = data.get("kind") or ShippingMethod.Kind.FLAT
    if kind not in ShippingMethod.Kind.values:
        errors["kind"] = [_("Choose a kind of shipping.")]
    clean: dict[str, Any] = {
        "kind": kind,
        "name": _text(data, "name", 80, errors),
        "zone": _zone(kind, data, errors),
        "price": _money(data, "price", errors, required=kind == ShippingMethod.Kind.FLAT) or Decimal("0"),
        "free_above": _money(data, "free_above", errors, required=False),
        "delivery_days": _text(data, "delivery_days", 40, errors),
        "pickup_instructions": _text(data, "pickup_instructions", 200, errors),
        "weight_rates": [],
    }
    if not clean["name"] and "name" not in errors:
        errors["name"] = [_("Give the method a name customers recognise, e.g. “Post Luxembourg”.")]
    if kind == ShippingMethod.Kind.WEIGHT:
        clean["weight_rates"] = _bands(data.get("weight_rates"), errors)
    if kind != ShippingMethod.Kind.PICKUP:
        clean["pickup_instructions"] = ""
    if errors:
        raise ValidationFailed(_("Please check the shipping method."), fields=errors)
    return clean


@transaction.atomic
def shipping_method_create(*, store: StoreRef, actor: Any, data: Mapping[str, Any]) -> ShippingMethod:
    values = shipping_method_clean(data)
    last = ShippingMethod.objects.filter(store_id=store.id).order_by("-position").values_list("position", flat=True)
    method = ShippingMethod.objects.create(store_id=store.id, position=(last.first() or 0) + 1, **values)
    audit_record(actor=actor, action="orders.shipping_method_create", target=method.name, store=store)
    return method


@transaction.atomic
def shipping_method_update(
    *, store: StoreRef, actor: Any, method: ShippingMethod, data: Mapping[str, Any]
) -> ShippingMethod:
    """Replace the method's fields with `data` (all of them, as the form sends them)."""
    _check_store(store, method)
    for name, value in shipping_method_clean(data).items():
        setattr(method, name, value)
    method.save()
    audit_record(actor=actor, action="orders.shipping_method_update", target=method.name, store=store)
    return method


@transaction.atomic
def shipping_method_set_active(*, store: StoreRef, actor: Any, method: ShippingMethod, active: bool) -> ShippingMethod:
    """Offer the method again, or stop offering it (orders placed with it keep it)."""
    _check_store(store, method)
    method.is_active = active
    method.save(update_fields=["is_active", "updated_at"])
    action = "orders.shipping_method_activate" if active else "orders.shipping_method_deactivate"
    audit_record(actor=actor, action=action, target=method.name, store=store)
    return method


def _check_store(store: StoreRef, method: ShippingMethod) -> None:
    if method.store_id != store.id:
        raise ValidationFailed(_("No such shipping method in this store."))
