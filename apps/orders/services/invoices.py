"""Invoices and credit notes: numbered in one gapless sequence per merchant, with everything a
Luxembourg invoice prints copied onto the Invoice row when it is issued (seller, buyer, lines,
totals, VAT per rate, payment), so the PDF (apps.orders.documents) is the same whenever it is
rebuilt, whatever changes later in the catalog, the store or the customer's records.

Amounts are strings with two decimals. A credit note's amounts are negative: its quantities and
line totals, totals and VAT breakdown carry a minus sign (unit prices stay positive), so adding an
invoice and its credit notes gives what the customer finally paid. A credit note never credits
more than its refund.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import NotFound

from ..models import CheckoutSettings, Invoice, Order, Refund
from ..pricing import CENT, ZERO, cents, vat_of
from ..types import Actor, StoreRef
from .events import order_event_add
from .payments import order_lock
from .sequences import INVOICE_SEQUENCE, sequence_next


def _money(value: Decimal) -> str:
    return str(Decimal(value).quantize(CENT))


def _negative(value: Decimal) -> str:
    return _money(-Decimal(value)) if value else _money(ZERO)


def invoice_number(sequence: int, year: int) -> str:
    """ "2026-000042": the year of issue and the merchant's gapless counter."""
    return f"{year}-{sequence:06d}"


def _seller(store: StoreRef) -> dict[str, str]:
    merchant = store.merchant
    config = CheckoutSettings.objects.filter(store_id=store.id).first() or CheckoutSettings(store_id=store.id)
    return {
        "company": merchant.name,
        "store": store.name,
        "address": getattr(store, "address", ""),
        "vat_number": merchant.vat_number,
        "email": getattr(store, "contact_email", "") or merchant.contact_email,
        "phone": getattr(store, "contact_phone", ""),
        "iban": config.iban,
        "bic": config.bic,
        "account_holder": config.account_holder or merchant.name,
        "terms_days": str(config.invoice_terms_days),
    }


def _buyer(order: Order) -> dict[str, str]:
    address = order.billing_address or order.shipping_address or {}
    name = " ".join(part for part in (address.get("first_name", ""), address.get("last_name", "")) if part)
    return {
        "name": name or order.customer_name or order.email,
        "company": address.get("company", ""),
        "line1": address.get("line1", ""),
        "line2": address.get("line2", ""),
        "postal_code": address.get("postal_code", ""),
        "city": address.get("city", ""),
        "country": address.get("country", ""),
        "email": order.email,
        "vat_number": address.get("vat_number", ""),
    }


def _description(line) -> str:
    return f"{line.product_title} – {line.variant_title}" if line.variant_title else line.product_title


def _invoice_lines(order: Order) -> list[dict[str, str]]:
    lines = [
        {
            "description": _description(line),
            "sku": line.sku,
            "quantity": str(line.quantity),
            "unit_price": _money(line.unit_price),
            "vat_rate": str(line.vat_rate),
            "discount": _money(line.discount_amount),
            "total": _money(line.total),
        }
        for line in order.lines.all()
    ]
    if order.shipping_total > 0:
        lines.append(
            {
                "description": order.shipping_method_name or _("Shipping"),
                "sku": "",
                "quantity": "1",
                "unit_price": _money(order.shipping_total),
                "vat_rate": str(order.shipping_vat_rate),
                "discount": _money(ZERO),
                "total": _money(order.shipping_total),
            }
        )
    return lines


def _facts(order: Order, now) -> dict[str, str]:
    """Dates, order and payment as printed, labels in the order's language."""
    return {
        "order_number": order.number,
        "order_date": order.placed_at.date().isoformat(),
        # goods are supplied when shipped or handed over; until then, the order's date
        "supply_date": (order.fulfilled_at or order.placed_at).date().isoformat(),
        "issue_date": now.date().isoformat(),
        "currency": order.currency,
        "payment_method": order.payment_method,
        "payment_method_label": str(order.get_payment_method_display()),
        "payment_status": order.payment_status,
        "payment_status_label": str(order.get_payment_status_display()),
    }


def _issue(*, store: StoreRef, order: Order, actor: Actor | None, now: datetime | None = None) -> Invoice:
    """The order's invoice, issued now (the order is locked by the caller)."""
    now = now or timezone.now()
    sequence = sequence_next(INVOICE_SEQUENCE)
    seller = _seller(store)
    with translation.override(order.language):
        facts = _facts(order, now)
        lines = _invoice_lines(order)
    due = (now + timedelta(days=int(seller["terms_days"]))).date().isoformat()
    invoice = Invoice.objects.create(
        order=order,
        kind=Invoice.Kind.INVOICE,
        number=invoice_number(sequence, now.year),
        sequence_number=sequence,
        issued_at=now,
        seller=seller,
        buyer=_buyer(order),
        lines=lines,
        totals={
            **facts,
            "due_date": due,
            "subtotal": _money(order.subtotal),
            "discount": _money(order.discount_total),
            "shipping": _money(order.shipping_total),
            "net": _money(order.total - order.vat_total),
            "vat": _money(order.vat_total),
            "total": _money(order.total),
            "paid": _money(order.paid_amount),
            "due": _money(order.balance_due),
        },
        vat_breakdown=[
            {
                key: _money(Decimal(row[key])) if key != "rate" else str(row[key])
                for key in ("rate", "net", "vat", "gross")
            }
            for row in order.vat_breakdown
        ],
        language=order.language,
    )
    order_event_add(
        order=order,
        kind="invoice",
        actor=actor,
        message=_("Invoice %(number)s issued.") % {"number": invoice.number},
        data={"invoice": invoice.pk, "number": invoice.number},
    )
    audit_record(actor=actor, action="orders.invoice_issue", target=invoice.number, store=store)
    return invoice


def invoice_issue(
    *, store: StoreRef, order_id: int | str, actor: Actor | None, issued_at: datetime | None = None
) -> Invoice:
    """The order's invoice: issued the first time (numbered, everything copied), the same one on
    every later call. `issued_at`: when it was issued, for orders of the past brought in later
    (an import, the demo history); the caller issues those in date order. Default: now."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        existing = Invoice.objects.filter(order=order, kind=Invoice.Kind.INVOICE).first()
        return existing or _issue(store=store, order=order, actor=actor, now=issued_at)


# --- credit notes ---------------------------------------------------------------------------------


def _split(amount: Decimal, weights: dict[Decimal, Decimal]) -> dict[Decimal, Decimal]:
    """`amount` over the keys of `weights` in proportion, to the cent, summing exactly."""
    base = sum(weights.values(), ZERO)
    if base <= 0:
        return {}
    shares = {key: (amount * weight / base).quantize(CENT, rounding=ROUND_DOWN) for key, weight in weights.items()}
    largest = max(weights, key=lambda key: weights[key])
    shares[largest] += amount - sum(shares.values(), ZERO)
    return shares


def _itemised(order: Order, refund: Refund) -> list[tuple[dict[str, str], Decimal, Decimal]] | None:
    """(line, rate, gross) per refunded line and shipping, when they add up to the refund exactly
    (a refund drawn on several payments holds only part of them: then None)."""
    if not refund.lines:
        return None
    by_id = {line.pk: line for line in order.lines.all()}
    rows = []
    for entry in refund.lines:
        line = by_id.get(entry.get("order_line"))
        if line is None:
            return None
        amount = Decimal(entry["amount"])
        share = cents(line.discount_amount * int(entry["quantity"]) / line.quantity)
        row = {
            "description": _description(line),
            "sku": line.sku,
            "quantity": str(-int(entry["quantity"])),
            "unit_price": _money(line.unit_price),
            "vat_rate": str(line.vat_rate),
            "discount": _money(share),
            "total": _negative(amount),
        }
        rows.append((row, line.vat_rate, amount))
    if refund.shipping_amount > 0:
        row = {
            "description": order.shipping_method_name or _("Shipping"),
            "sku": "",
            "quantity": "-1",
            "unit_price": _money(refund.shipping_amount),
            "vat_rate": str(order.shipping_vat_rate),
            "discount": _money(ZERO),
            "total": _negative(refund.shipping_amount),
        }
        rows.append((row, order.shipping_vat_rate, refund.shipping_amount))
    if sum((gross for _row, _rate, gross in rows), ZERO) != refund.amount:
        return None
    return rows


def _by_rate(order: Order, refund: Refund) -> list[tuple[dict[str, str], Decimal, Decimal]]:
    """An amount refunded without lines: shared over the order's VAT rates as the order was."""
    weights = {Decimal(row["rate"]): Decimal(row["gross"]) for row in order.vat_breakdown}
    if not weights:
        weights = {order.shipping_vat_rate: Decimal("1")}
    rows = []
    for rate, gross in sorted(_split(refund.amount, weights).items(), reverse=True):
        if gross <= 0:
            continue
        row = {
            "description": _("Refund on order %(number)s") % {"number": order.number},
            "sku": "",
            "quantity": "-1",
            "unit_price": _money(gross),
            "vat_rate": str(rate),
            "discount": _money(ZERO),
            "total": _negative(gross),
        }
        rows.append((row, rate, gross))
    return rows


def _credit_breakdown(rows) -> list[dict[str, str]]:
    gross_by_rate: dict[Decimal, Decimal] = defaultdict(lambda: ZERO)
    for _row, rate, gross in rows:
        gross_by_rate[rate] += gross
    breakdown = []
    for rate, gross in sorted(gross_by_rate.items(), reverse=True):
        vat = vat_of(gross, rate)
        breakdown.append(
            {"rate": str(rate), "net": _negative(gross - vat), "vat": _negative(vat), "gross": _negative(gross)}
        )
    return breakdown


def _credit(
    *, store: StoreRef, order: Order, invoice: Invoice, refund: Refund, actor: Actor | None, now: datetime | None
) -> Invoice:
    now = now or timezone.now()
    sequence = sequence_next(INVOICE_SEQUENCE)
    with translation.override(order.language):
        facts = _facts(order, now)
        rows = _itemised(order, refund) or _by_rate(order, refund)
    breakdown = _credit_breakdown(rows)
    vat = sum((Decimal(row["vat"]) for row in breakdown), ZERO)
    credit = Invoice.objects.create(
        order=order,
        kind=Invoice.Kind.CREDIT_NOTE,
        number=invoice_number(sequence, now.year),
        sequence_number=sequence,
        issued_at=now,
        credits=invoice,
        refund=refund,
        seller=invoice.seller,
        buyer=invoice.buyer,
        lines=[row for row, _rate, _gross in rows],
        totals={
            **facts,
            "credits": invoice.number,
            "refund_reason": refund.reason,
            "net": _money(-refund.amount - vat),
            "vat": _money(vat),
            "total": _negative(refund.amount),
        },
        vat_breakdown=breakdown,
        language=order.language,
    )
    order_event_add(
        order=order,
        kind="invoice",
        actor=actor,
        message=_("Credit note %(number)s issued for invoice %(invoice)s.")
        % {"number": credit.number, "invoice": invoice.number},
        data={"invoice": credit.pk, "number": credit.number, "refund": refund.pk},
    )
    audit_record(
        actor=actor,
        action="orders.credit_note_issue",
        target=credit.number,
        store=store,
        data={"invoice": invoice.number, "amount": str(refund.amount)},
    )
    return credit


def credit_note_issue(
    *, store: StoreRef, order_id: int | str, refund_id: int, actor: Actor | None, issued_at: datetime | None = None
) -> Invoice:
    """The credit note of a refund that went through: issued once (the order's invoice first, when
    it has none yet), the same one on every later call. `issued_at`: as for invoice_issue."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        refund = order.refunds.filter(pk=refund_id, status=Refund.Status.SUCCEEDED).first()
        if refund is None:
            raise NotFound(_("No such refund on this order."))
        existing = Invoice.objects.filter(refund=refund).first()
        if existing is not None:
            return existing
        invoice = Invoice.objects.filter(order=order, kind=Invoice.Kind.INVOICE).first()
        invoice = invoice or _issue(store=store, order=order, actor=actor, now=issued_at)
        return _credit(store=store, order=order, invoice=invoice, refund=refund, actor=actor, now=issued_at)
