"""Orders placed elsewhere (a marketplace such as Letzshop), recorded here as they were placed.

The marketplace holds the stock and takes the money, so nothing is reserved and a paid order gets
one payment of method "marketplace". Recording is idempotent on (store, channel, external_id):
concurrent calls for one external order serialise on a transaction-scoped advisory lock, and the
unique constraint order_external_id_unique stands behind it, so one order is ever made. Lines the
caller could not match to a variant are kept with their texts, flagged `needs_match`, and the
order `needs_attention` until the merchant matches them (order_line_match)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.catalog.selectors import SaleVariant
from apps.core.audit import audit_record
from apps.core.errors import NotFound, ValidationFailed

from ..addresses import address_name
from ..errors import OrdersErrorCode
from ..models import Customer, Order, OrderLine, Payment
from ..models.orders import PaymentStatus
from ..models.settings import PaymentMethod
from ..pricing import PriceLine, totals_compute
from ..signals import announce, order_placed
from ..types import Actor, StoreRef
from .customers import customer_for_checkout
from .events import order_event_add
from .payments import order_lock
from .sequences import order_sequence_name, sequence_next


@dataclass(frozen=True)
class ExternalLine:
    """One line of an order placed elsewhere; `variant_id` None: it matched no catalog variant."""

    external_id: str
    variant_id: int | None
    product_title: str
    variant_title: str
    sku: str
    gtin: str
    quantity: int
    unit_price: Decimal  # incl. VAT
    vat_rate: Decimal


def _existing(*, store: StoreRef, channel: str, external_id: str) -> Order | None:
    return Order.objects.filter(store_id=store.id, channel=channel, external_id=external_id).first()


def _lock_external(*, store: StoreRef, channel: str, external_id: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"orders.external:{store.id}:{channel}:{external_id}"]
        )


def _check(external_id: str, lines: Sequence[ExternalLine]) -> None:
    if not external_id or len(external_id) > 100:
        raise ValidationFailed(_("The marketplace order has no usable id."))
    if not lines:
        raise ValidationFailed(_("The marketplace order has no lines."), code=OrdersErrorCode.CART_EMPTY)
    for line in lines:
        if line.quantity < 1 or line.unit_price < 0:
            raise ValidationFailed(
                _("A line of the marketplace order has a quantity or price that cannot be right."),
                code=OrdersErrorCode.QUANTITY_INVALID,
            )


def _sale(
    store: StoreRef, lines: Sequence[ExternalLine], variants: Mapping[int, SaleVariant] | None
) -> Mapping[int, SaleVariant]:
    """The lines' variants: those the caller read already, the others (if any) read here."""
    known = variants or {}
    missing = {line.variant_id for line in lines if line.variant_id is not None and line.variant_id not in known}
    if not missing:
        return known
    return {**known, **catalog_selectors.variants_for_sale(store=store, variant_ids=missing)}


def _line_rows(order: Order, lines: Sequence[ExternalLine], price_lines: list[PriceLine], sale) -> list[OrderLine]:
    rows = []
    for position, (line, priced) in enumerate(zip(lines, price_lines, strict=True)):
        variant = sale.get(line.variant_id) if line.variant_id is not None else None
        rows.append(
            OrderLine(
                order=order,
                variant_id=variant.variant_id if variant else None,
                product_id=variant.product_id if variant else None,
                product_title=(line.product_title or (variant.product_title if variant else "") or "?")[:200],
                variant_title=line.variant_title[:200],
                sku=(line.sku or (variant.sku if variant else ""))[:64],
                gtin=line.gtin[:32],
                quantity=line.quantity,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                total=priced.amount,
                weight_grams=variant.weight_grams if variant else None,
                external_id=line.external_id[:100],
                needs_match=variant is None,
                position=position,
            )
        )
    return OrderLine.objects.bulk_create(rows)


def _pay(order: Order) -> None:
    Payment.objects.create(
        order=order,
        method=PaymentMethod.MARKETPLACE,
        provider=Payment.Provider.MARKETPLACE,
        amount=order.total,
        reference=f"{order.channel}:{order.store_id}:{order.external_id}"[:255],
    )


def _paid_fields(*, paid: bool, total: Decimal, now: datetime) -> dict:
    """The order's payment columns when the marketplace took the money (set as the row is made)."""
    if not paid or total <= 0:
        return {}
    return {"paid_amount": total, "payment_status": PaymentStatus.PAID, "paid_at": now}


def _customer_count(customer: Customer | None, order: Order, *, now: datetime) -> None:
    """One more order on the customer's record (and what it spent, when paid): one statement."""
    if customer is None:
        return
    spent = order.paid_amount if order.payment_status == PaymentStatus.PAID else Decimal("0")
    Customer.objects.filter(pk=customer.pk).update(
        orders_count=F("orders_count") + 1, last_order_at=now, total_spent=F("total_spent") + spent
    )


def _customer(*, store: StoreRef, email: str, first_name: str, last_name: str, language: str) -> Customer | None:
    if not email:
        return None
    return customer_for_checkout(
        store=store, email=email, first_name=first_name, last_name=last_name, language=language
    )


def order_record_external(
    *,
    store: StoreRef,
    channel: str,
    external_id: str,
    placed_at: datetime,
    email: str,
    language: str,
    first_name: str,
    last_name: str,
    phone: str,
    shipping_address: dict,
    billing_address: dict,
    lines: list[ExternalLine],
    paid: bool,
    actor: Actor | None = None,
    notify: bool = True,
    variants: Mapping[int, SaleVariant] | None = None,
) -> tuple[Order, bool]:
    """The order of `channel` with this `external_id`: (the existing one, False) or (a new one,
    True), numbered from the store's sequence, announced with order_placed like any order (its
    receivers e-mail nobody for a marketplace order: the marketplace writes to the customer, and
    the merchant's new-order notice is for the online store's orders). `notify` False: no news at
    all (a historical import of thousands of old orders). No order_paid: the marketplace invoices.
    `variants`: the lines' variants as the caller read them already from this store's catalog
    (catalog_selectors.variants_by_codes or variants_for_sale), so a batch of orders reads them
    once; those left out are read here.

    Runs in the caller's transaction when there is one (no savepoint of its own: everything that
    can be refused is checked before the first write)."""
    _check(external_id, lines)
    now = timezone.now()
    email = (email or "").strip()[:254]
    with transaction.atomic(savepoint=False):
        _lock_external(store=store, channel=channel, external_id=external_id)
        found = _existing(store=store, channel=channel, external_id=external_id)
        if found is not None:
            return found, False
        sale = _sale(store, lines, variants)
        customer = _customer(store=store, email=email, first_name=first_name, last_name=last_name, language=language)
        price_lines = [
            PriceLine(key=index, quantity=line.quantity, unit_price=line.unit_price, vat_rate=line.vat_rate)
            for index, line in enumerate(lines)
        ]
        totals = totals_compute(price_lines)
        sequence = sequence_next(order_sequence_name(store.id))
        number = f"{store.code}-{sequence:06d}"
        name = address_name(billing_address or shipping_address) or f"{first_name} {last_name}".strip()
        needs_match = any(line.variant_id is None or line.variant_id not in sale for line in lines)
        order = Order.objects.create(
            store_id=store.id,
            number=number,
            sequence_number=sequence,
            channel=channel,
            customer=customer,
            email=email,
            customer_name=name[:200],
            phone=(phone or "")[:32],
            language=language or store.language,
            shipping_address=shipping_address,
            billing_address=billing_address or shipping_address,
            payment_method=PaymentMethod.MARKETPLACE,
            subtotal=totals.subtotal,
            total=totals.total,
            vat_total=totals.vat_total,
            vat_breakdown=[row.as_dict() for row in totals.vat_breakdown],
            placed_at=placed_at or now,
            external_id=external_id,
            needs_attention=needs_match,
            search_text=f"{number} {external_id} {email} {name}".lower(),
            **_paid_fields(paid=paid, total=totals.total, now=now),
        )
        order.lines_cache = _line_rows(order, lines, price_lines, sale)
        _customer_count(customer, order, now=now)
        if order.payment_status == PaymentStatus.PAID:
            _pay(order)
        _record_news(order, actor=actor, store=store, lines=len(lines), needs_match=needs_match, notify=notify)
    return order, True


def _record_news(order: Order, *, actor: Actor | None, store: StoreRef, lines: int, needs_match: bool, notify: bool):
    """The new order's timeline entry, audit row and (unless `notify` is False) announcement."""
    channel, external_id = order.channel, order.external_id
    order_event_add(
        order=order,
        kind="marketplace",
        actor=actor,
        message=_("Recorded from %(channel)s (order %(external)s).")
        % {"channel": order.get_channel_display(), "external": external_id},
        data={"channel": channel, "external_id": external_id, "needs_match": needs_match},
    )
    audit_record(
        actor=actor,
        action="orders.order_record_external",
        target=order.number,
        store=store,
        data={"channel": channel, "external_id": external_id, "total": str(order.total), "lines": lines},
    )
    if notify:
        announce(order_placed, sender=Order, order_id=order.pk, store_id=store.id)


def _variant(*, store: StoreRef, variant_id: object):
    try:
        pk = int(str(variant_id))
    except (TypeError, ValueError):
        return None
    return catalog_selectors.variants_for_sale(store=store, variant_ids=[pk]).get(pk) if 0 < pk < 2**63 else None


def order_line_match(
    *, store: StoreRef, order_id: int | str, line_id: int | str, variant_id: int | str, actor: Actor
) -> OrderLine:
    """Match a marketplace line to a variant of the store's catalog; the order stops needing the
    merchant's attention once no line needs a match."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        try:
            line_pk = int(line_id)
        except (TypeError, ValueError):
            line_pk = 0
        line = OrderLine.objects.filter(order=order, pk=line_pk).first()
        if line is None:
            raise NotFound(_("No such line on this order."))
        if not line.external_id:
            raise ValidationFailed(
                _("Only marketplace lines are matched by hand."), code=OrdersErrorCode.LINE_MATCH_INVALID
            )
        variant = _variant(store=store, variant_id=variant_id)
        if variant is None:
            message = _("Choose a product of this store.")
            raise ValidationFailed(message, code=OrdersErrorCode.LINE_MATCH_INVALID, fields={"variant_id": [message]})
        line.variant_id, line.product_id, line.needs_match = variant.variant_id, variant.product_id, False
        line.sku = line.sku or variant.sku
        line.save(update_fields=["variant", "product_id", "needs_match", "sku"])
        if not order.lines.filter(needs_match=True).exists() and order.needs_attention:
            order.needs_attention = False
            order.save(update_fields=["needs_attention", "updated_at"])
        order_event_add(
            order=order,
            kind="marketplace",
            actor=actor,
            message=_("Line %(line)s matched to %(sku)s.") % {"line": line.product_title, "sku": variant.sku},
            data={"line": line.pk, "variant": variant.variant_id},
        )
        audit_record(
            actor=actor,
            action="orders.order_line_match",
            target=order.number,
            store=store,
            data={"line": line.pk, "variant": variant.variant_id},
        )
    return line
