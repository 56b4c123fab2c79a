"""Reads behind the documents: an order's invoice and credit notes, a customer's own order, and
the packing slips of some orders with their bin locations. Each takes the store and looks only
inside it; another store's order is not found."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.core.errors import NotFound

from ..models import Invoice, Order
from ..types import StoreRef
from .pdf import Slip


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def document_order_get(*, store: StoreRef, order_id: int | str) -> Order:
    order = Order.objects.filter(store_id=store.id, pk=_pk(order_id)).first()
    if order is None:
        raise NotFound(_("No such order in this store."))
    return order


def invoice_of_order(*, store: StoreRef, order_id: int | str) -> Invoice | None:
    """The order's invoice, None while none is issued (NotFound for another store's order)."""
    order = document_order_get(store=store, order_id=order_id)
    return Invoice.objects.filter(order=order, kind=Invoice.Kind.INVOICE).first()


def credit_notes_of_order(*, store: StoreRef, order_id: int | str) -> list[Invoice]:
    return list(
        Invoice.objects.filter(
            order__store_id=store.id, order_id=_pk(order_id), kind=Invoice.Kind.CREDIT_NOTE
        ).order_by("sequence_number")
    )


def credit_note_get(*, store: StoreRef, order_id: int | str, invoice_id: int | str) -> Invoice:
    credit = Invoice.objects.filter(
        order__store_id=store.id, order_id=_pk(order_id), pk=_pk(invoice_id), kind=Invoice.Kind.CREDIT_NOTE
    ).first()
    if credit is None:
        raise NotFound(_("No such credit note on this order."))
    return credit


def customer_invoice_get(*, store: StoreRef, user: Any, number: str) -> Invoice:
    """The invoice of the signed-in customer's own order `number` in this store, else NotFound."""
    invoice = (
        Invoice.objects.filter(
            order__store_id=store.id,
            order__number=str(number)[:40],
            order__customer__user_id=getattr(user, "pk", None) or 0,
            kind=Invoice.Kind.INVOICE,
        )
        .select_related("order")
        .first()
    )
    if invoice is None:
        raise NotFound(_("No invoice for this order yet."))
    return invoice


def customer_invoice_exists(*, store: StoreRef, user: Any, number: str) -> bool:
    return Invoice.objects.filter(
        order__store_id=store.id,
        order__number=str(number)[:40],
        order__customer__user_id=getattr(user, "pk", None) or 0,
        kind=Invoice.Kind.INVOICE,
    ).exists()


def packing_slips(*, store: StoreRef, order_ids: Iterable[int]) -> list[Slip]:
    """The packing slips of those of `order_ids` that are the store's, in the order given, with the
    bin location of each variant. Three queries for any number of orders."""
    ids = [_pk(pk) for pk in order_ids]
    orders = {o.pk: o for o in Order.objects.filter(store_id=store.id, pk__in=ids).prefetch_related("lines")}
    variant_ids = {line.variant_id for o in orders.values() for line in o.lines.all() if line.variant_id}
    bins = dict(
        catalog_selectors.inventory_list(store=store)
        .filter(variant_id__in=variant_ids)
        .exclude(bin_location="")
        .values_list("variant_id", "bin_location")
    )
    return [Slip(order=orders[pk], bins=bins) for pk in dict.fromkeys(ids) if pk in orders]
