"""The sums of a cart or an order, as one pure function: lines, discount, shipping, VAT.

Prices include VAT (what a consumer pays). A discount is shared out over the lines it applies to
in proportion to their amounts (the cents left by rounding go to the largest lines), so each
line's VAT is computed on what was actually charged; the VAT breakdown groups lines and shipping
by rate. The cart page, the checkout review, the API and order placement all call
`totals_compute`, so the customer sees exactly what the order will say.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def vat_of(gross: Decimal, rate: Decimal) -> Decimal:
    """The VAT contained in a gross amount."""
    return cents(gross - gross / (1 + rate / HUNDRED))


@dataclass(frozen=True)
class PriceLine:
    key: int  # the variant id (or a line's id)
    quantity: int
    unit_price: Decimal  # incl. VAT
    vat_rate: Decimal
    product_id: int | None = None
    category_ids: frozenset[int] = frozenset()

    @property
    def amount(self) -> Decimal:
        return cents(self.unit_price * self.quantity)


@dataclass(frozen=True)
class DiscountRule:
    """What a discount code gives, as pricing needs it (services/discounts.py checks the rest:
    dates, uses, pauses)."""

    kind: str  # "percentage", "fixed", "free_shipping"
    value: Decimal
    applies_to: str = "order"  # "order", "categories", "products"
    category_ids: frozenset[int] = frozenset()
    product_ids: frozenset[int] = frozenset()

    def covers(self, line: PriceLine) -> bool:
        if self.applies_to == "categories":
            return bool(self.category_ids & line.category_ids)
        if self.applies_to == "products":
            return line.product_id in self.product_ids
        return True


@dataclass(frozen=True)
class VatRow:
    rate: Decimal
    gross: Decimal
    vat: Decimal

    @property
    def net(self) -> Decimal:
        return self.gross - self.vat

    def as_dict(self) -> dict[str, str]:
        return {"rate": str(self.rate), "net": str(self.net), "vat": str(self.vat), "gross": str(self.gross)}


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal  # the lines before the discount
    discount_total: Decimal
    shipping_total: Decimal
    total: Decimal
    vat_total: Decimal
    vat_breakdown: tuple[VatRow, ...]
    line_discounts: dict[int, Decimal] = field(default_factory=dict)  # key -> discount on that line
    free_shipping: bool = False
    discount_applies: bool = True  # False: the code covers none of the lines

    @property
    def net_total(self) -> Decimal:
        return self.total - self.vat_total


def _share(amount: Decimal, lines: Sequence[PriceLine]) -> dict[int, Decimal]:
    """`amount` split over `lines` in proportion to their amounts, to the cent, summing exactly."""
    base = sum((line.amount for line in lines), ZERO)
    if not lines or base <= 0:
        return {}
    shares = {line.key: (amount * line.amount / base).quantize(CENT, rounding=ROUND_DOWN) for line in lines}
    left = amount - sum(shares.values(), ZERO)
    for line in sorted(lines, key=lambda line: (-line.amount, line.key)):
        if left <= 0:
            break
        if shares[line.key] < line.amount:
            shares[line.key] += CENT
            left -= CENT
    return shares


def _line_discounts(lines: Sequence[PriceLine], rule: DiscountRule | None) -> dict[int, Decimal]:
    if rule is None or rule.kind == "free_shipping":
        return {}
    covered = [line for line in lines if rule.covers(line)]
    base = sum((line.amount for line in covered), ZERO)
    if rule.kind == "percentage":
        amount = cents(base * min(rule.value, HUNDRED) / HUNDRED)
    else:
        amount = min(cents(rule.value), base)
    return _share(amount, covered) if amount > 0 else {}


def totals_compute(
    lines: Sequence[PriceLine],
    *,
    shipping_price: Decimal | None = None,
    shipping_vat_rate: Decimal = Decimal("17.00"),
    free_shipping_above: Decimal | None = None,
    discount: DiscountRule | None = None,
) -> Totals:
    """The totals of `lines` with an optional shipping price (None: not chosen yet) and discount."""
    subtotal = sum((line.amount for line in lines), ZERO)
    line_discounts = _line_discounts(lines, discount)
    discount_total = sum(line_discounts.values(), ZERO)
    free_shipping = discount is not None and discount.kind == "free_shipping"
    after_discount = subtotal - discount_total
    if free_shipping_above is not None and after_discount >= free_shipping_above:
        free_shipping = True
    shipping = ZERO if shipping_price is None or free_shipping else cents(shipping_price)
    gross_by_rate: dict[Decimal, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        gross_by_rate[line.vat_rate] += line.amount - line_discounts.get(line.key, ZERO)
    if shipping:
        gross_by_rate[shipping_vat_rate] += shipping
    breakdown = tuple(
        VatRow(rate=rate, gross=gross, vat=vat_of(gross, rate))
        for rate, gross in sorted(gross_by_rate.items(), reverse=True)
        if gross
    )
    covers_any = discount is None or discount.kind == "free_shipping" or any(discount.covers(x) for x in lines)
    return Totals(
        subtotal=subtotal,
        discount_total=discount_total,
        shipping_total=shipping,
        total=after_discount + shipping,
        vat_total=sum((row.vat for row in breakdown), ZERO),
        vat_breakdown=breakdown,
        line_discounts=line_discounts,
        free_shipping=free_shipping,
        discount_applies=covers_any,
    )
