"""Discount codes as the merchant sets them up: create, change, pause and resume. A code is unique
within its store whatever its case; checking one at checkout and counting its uses:
services/discounts.py."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.core.audit import audit_record
from apps.core.errors import Conflict, ValidationFailed
from apps.core.numbers import MAX_ID, NotANumber, decimal_places, parse_decimal, parse_integer

from ..errors import OrdersErrorCode
from ..models import DiscountCode
from ..types import StoreRef

CODE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9_-]{2,39}", re.ASCII)
MAX_AMOUNT = Decimal("99999.99")
MAX_USES = 10_000_000
FIELDS = (
    "code",
    "kind",
    "value",
    "applies_to",
    "category_ids",
    "product_ids",
    "min_order_value",
    "starts_at",
    "ends_at",
    "max_uses",
    "max_uses_per_customer",
)


def _code_taken() -> Conflict:
    message = _("This store already has a discount code with this name.")
    return Conflict(message, code=OrdersErrorCode.DISCOUNT_CODE_TAKEN, fields={"code": [message]})


def _decimal(value: Any, name: str, errors: dict[str, list[str]], *, top: Decimal) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = parse_decimal(value.strip() if isinstance(value, str) else value, comma=True)
    except NotANumber:
        number = None
    if number is None or number < 0 or number > top or decimal_places(number) > 2:
        errors[name] = [_("Enter an amount of 0 or more with at most two decimals.")]
        return None
    return number


def _count(value: Any, name: str, errors: dict[str, list[str]]) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = parse_integer(value.strip() if isinstance(value, str) else value)
    except NotANumber:
        number = 0
    if not 1 <= number <= MAX_USES:
        errors[name] = [_("Enter a whole number of 1 or more, or leave it empty for no limit.")]
        return None
    return number


def _ids(value: Any, name: str, errors: dict[str, list[str]]) -> list[int]:
    if value is None:
        return []
    try:
        ids = sorted({parse_integer(item) for item in value}) if isinstance(value, Iterable) else None
    except NotANumber:
        ids = None
    if ids is None or isinstance(value, str | bytes) or any(not 0 < pk <= MAX_ID for pk in ids):
        errors[name] = [_("Send a list of ids.")]
        return []
    return ids


def _value(kind: str, data: Mapping[str, Any], errors: dict[str, list[str]]) -> Decimal:
    if kind == DiscountCode.Kind.FREE_SHIPPING:
        return Decimal("0")
    value = _decimal(data.get("value"), "value", errors, top=MAX_AMOUNT)
    if "value" in errors:
        return Decimal("0")
    if kind == DiscountCode.Kind.PERCENTAGE and (value is None or not 0 < value <= 100):
        errors["value"] = [_("A percentage is more than 0 and at most 100.")]
    elif kind == DiscountCode.Kind.FIXED and not value:
        errors["value"] = [_("Enter the amount off in EUR.")]
    return value or Decimal("0")


def _dates(data: Mapping[str, Any], errors: dict[str, list[str]]) -> tuple[datetime | None, datetime | None]:
    starts, ends = data.get("starts_at"), data.get("ends_at")
    for name, value in (("starts_at", starts), ("ends_at", ends)):
        if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
            errors[name] = [_("Enter a date and time.")]
    if isinstance(starts, datetime) and isinstance(ends, datetime) and not errors and ends <= starts:
        errors["ends_at"] = [_("The end must come after the start.")]
    return starts, ends


def _targets(store: StoreRef, applies_to: str, data: Mapping[str, Any], errors: dict[str, list[str]]):
    """The category and product ids the code is limited to, each checked to be the store's."""
    categories = _ids(data.get("category_ids"), "category_ids", errors)
    products = _ids(data.get("product_ids"), "product_ids", errors)
    if applies_to == DiscountCode.AppliesTo.CATEGORIES:
        known = {category.pk for category in catalog_selectors.category_list(store=store)}
        if not categories or not set(categories) <= known:
            errors["category_ids"] = [_("Choose at least one category of this store.")]
        return categories, []
    if applies_to == DiscountCode.AppliesTo.PRODUCTS:
        known = set(catalog_selectors.product_list(store=store).filter(pk__in=products).values_list("pk", flat=True))
        if not products or set(products) != known:
            errors["product_ids"] = [_("Choose at least one product of this store.")]
        return [], products
    return [], []


def _code(value: Any, errors: dict[str, list[str]]) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if not CODE_PATTERN.fullmatch(code):
        errors["code"] = [_("Use 3 to 40 letters, digits, “-” or “_”, e.g. SUMMER10.")]
    return code


def discount_code_clean(*, store: StoreRef, data: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of a code from `data`, cleaned, or ValidationFailed naming each bad field."""
    errors: dict[str, list[str]] = {}
    kind = data.get("kind") or DiscountCode.Kind.PERCENTAGE
    if kind not in DiscountCode.Kind.values:
        errors["kind"] = [_("Choose what the code gives.")]
    applies_to = data.get("applies_to") or DiscountCode.AppliesTo.ORDER
    if kind == DiscountCode.Kind.FREE_SHIPPING:  # free shipping is for the whole order
        applies_to = DiscountCode.AppliesTo.ORDER
    elif applies_to not in DiscountCode.AppliesTo.values:
        errors["applies_to"] = [_("Choose what the code applies to.")]
    starts, ends = _dates(data, errors)
    clean = {
        "code": _code(data.get("code"), errors),
        "kind": kind,
        "value": _value(kind, data, errors),
        "applies_to": applies_to,
        "min_order_value": _decimal(data.get("min_order_value"), "min_order_value", errors, top=MAX_AMOUNT),
        "starts_at": starts,
        "ends_at": ends,
        "max_uses": _count(data.get("max_uses"), "max_uses", errors),
        "max_uses_per_customer": _count(data.get("max_uses_per_customer"), "max_uses_per_customer", errors),
    }
    clean["category_ids"], clean["product_ids"] = _targets(store, applies_to, data, errors)
    if errors:
        raise ValidationFailed(_("Please check the discount code."), fields=errors)
    return clean


def _check_free(store: StoreRef, code: str, *, exclude: int | None = None) -> None:
    taken = DiscountCode.objects.filter(store_id=store.id, code__iexact=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise _code_taken()


def _save(discount: DiscountCode, values: dict[str, Any]) -> None:
    category_ids, product_ids = values.pop("category_ids"), values.pop("product_ids")
    for name, value in values.items():
        setattr(discount, name, value)
    try:
        with transaction.atomic():
            discount.save()
    except IntegrityError as exc:
        diag = getattr(exc.__cause__, "diag", None)
        if getattr(diag, "constraint_name", "") == "discount_code_unique_per_store":
            raise _code_taken() from None
        raise
    discount.categories.set(category_ids)
    discount.products.set(product_ids)


@transaction.atomic
def discount_code_create(*, store: StoreRef, actor: Any, data: Mapping[str, Any]) -> DiscountCode:
    """A new code (active unless `data["is_active"]` is False). `data`: FIELDS; dates are aware
    datetimes, amounts plain numbers, limits whole numbers (None: no limit)."""
    values = discount_code_clean(store=store, data=data)
    _check_free(store, values["code"])
    discount = DiscountCode(store_id=store.id, is_active=data.get("is_active") is not False)
    _save(discount, values)
    audit_record(actor=actor, action="orders.discount_code_create", target=discount.code, store=store)
    return discount


@transaction.atomic
def discount_code_update(
    *, store: StoreRef, actor: Any, discount: DiscountCode, data: Mapping[str, Any]
) -> DiscountCode:
    """Replace the code's settings with `data` (all of FIELDS). Uses so far stay counted; a total
    below them is refused."""
    discount = DiscountCode.objects.select_for_update().get(pk=discount.pk, store_id=store.id)
    values = discount_code_clean(store=store, data=data)
    _check_free(store, values["code"], exclude=discount.pk)
    if values["max_uses"] is not None and values["max_uses"] < discount.uses:
        message = _("This code has been used %(uses)d times already.") % {"uses": discount.uses}
        raise ValidationFailed(message, fields={"max_uses": [message]})
    _save(discount, values)
    audit_record(actor=actor, action="orders.discount_code_update", target=discount.code, store=store)
    return discount


def _set_active(store: StoreRef, actor: Any, discount: DiscountCode, active: bool) -> DiscountCode:
    updated = DiscountCode.objects.filter(pk=discount.pk, store_id=store.id).update(is_active=active)
    if not updated:
        raise ValidationFailed(_("No such discount code in this store."))
    discount.is_active = active
    action = "orders.discount_code_resume" if active else "orders.discount_code_pause"
    audit_record(actor=actor, action=action, target=discount.code, store=store)
    return discount


@transaction.atomic
def discount_code_pause(*, store: StoreRef, actor: Any, discount: DiscountCode) -> DiscountCode:
    """Stop the code being accepted (checkout says it is paused) until it is resumed."""
    return _set_active(store, actor, discount, False)


@transaction.atomic
def discount_code_resume(*, store: StoreRef, actor: Any, discount: DiscountCode) -> DiscountCode:
    return _set_active(store, actor, discount, True)
