"""Whether a discount code applies, and counting its uses exactly."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db.models import F
from django.utils import formats
from django.utils.translation import gettext as _

from apps.core.errors import ValidationFailed

from ..errors import OrdersErrorCode
from ..models import Customer, DiscountCode, DiscountRedemption, Order
from ..pricing import DiscountRule, PriceLine, totals_compute
from ..types import StoreRef


def _refuse(message: str, code: OrdersErrorCode) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={"discount_code": [message]})


def discount_rule(code: DiscountCode) -> DiscountRule:
    return DiscountRule(
        kind=code.kind,
        value=code.value,
        applies_to=code.applies_to,
        category_ids=frozenset(category.pk for category in code.categories.all()),
        product_ids=frozenset(product.pk for product in code.products.all()),
    )


def discount_find(*, store: StoreRef, code: str, for_update: bool = False) -> DiscountCode:
    qs = DiscountCode.objects.filter(store_id=store.id, code__iexact=(code or "").strip()[:40])
    if for_update:
        qs = qs.select_for_update()
    found = qs.prefetch_related("categories", "products").first()
    if found is None:
        raise _refuse(_("This discount code does not exist."), OrdersErrorCode.DISCOUNT_UNKNOWN)
    return found


def _check_state(code: DiscountCode, now: datetime) -> None:
    if not code.is_active:
        raise _refuse(_("This discount code is paused."), OrdersErrorCode.DISCOUNT_PAUSED)
    if code.starts_at and now < code.starts_at:
        when = formats.date_format(code.starts_at, "SHORT_DATE_FORMAT")
        raise _refuse(
            _("This discount code is valid from %(date)s.") % {"date": when}, OrdersErrorCode.DISCOUNT_NOT_STARTED
        )
    if code.ends_at and now >= code.ends_at:
        raise _refuse(_("This discount code has expired."), OrdersErrorCode.DISCOUNT_EXPIRED)
    if code.max_uses is not None and code.uses >= code.max_uses:
        raise _refuse(_("This discount code has been used up."), OrdersErrorCode.DISCOUNT_USED_UP)


def _check_customer(code: DiscountCode, *, customer: Customer | None, email: str) -> None:
    if code.max_uses_per_customer is None:
        return
    uses = DiscountRedemption.objects.filter(code=code)
    if customer is not None:
        uses = uses.filter(customer=customer)
    elif email:
        uses = uses.filter(email__iexact=email)
    else:
        return
    if uses.count() >= code.max_uses_per_customer:
        raise _refuse(_("You have already used this discount code."), OrdersErrorCode.DISCOUNT_CUSTOMER_LIMIT)


def discount_check(
    code: DiscountCode,
    *,
    lines: Sequence[PriceLine],
    now: datetime,
    customer: Customer | None = None,
    email: str = "",
) -> DiscountRule:
    """The code's rule if it applies to these lines now, for this customer; else ValidationFailed
    with the reason (paused, not started, expired, used up, used by you, minimum, no line)."""
    _check_state(code, now)
    _check_customer(code, customer=customer, email=email)
    rule = discount_rule(code)
    totals = totals_compute(lines, discount=rule)
    if code.min_order_value is not None and totals.subtotal < code.min_order_value:
        amount = formats.number_format(code.min_order_value, 2)
        raise _refuse(
            _("This discount code needs an order of at least %(amount)s EUR.") % {"amount": amount},
            OrdersErrorCode.DISCOUNT_MINIMUM,
        )
    if not totals.discount_applies:
        raise _refuse(
            _("This discount code does not apply to anything in your cart."), OrdersErrorCode.DISCOUNT_NOT_APPLICABLE
        )
    return rule


def discount_redeem(*, code: DiscountCode, order: Order, customer: Customer | None, amount: Decimal) -> None:
    """Count one use. The caller holds the code's row lock (discount_find(for_update=True)) and
    has checked it, so the last use goes to exactly one order; the database's check constraint
    (uses <= max_uses) stands behind that."""
    DiscountCode.objects.filter(pk=code.pk).update(uses=F("uses") + 1)
    DiscountRedemption.objects.create(code=code, order=order, customer=customer, email=order.email, amount=amount)
