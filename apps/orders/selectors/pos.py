"""Reads of the till: a sale with what its receipt prints."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from apps.core.errors import NotFound

from ..models import Order, OrderEvent, Payment
from ..models.orders import Channel
from ..types import StoreRef


def pos_order_get(*, store: StoreRef, order_id: int) -> Order:
    """A till sale of the store with its lines, payments and the cash tendered (`pos_events`);
    an order of another store or channel is not found."""
    order = (
        Order.objects.filter(store_id=store.id, channel=Channel.POS, pk=order_id)
        .prefetch_related(
            "lines",
            Prefetch("payments", queryset=Payment.objects.order_by("created_at", "id")),
            Prefetch(
                "events",
                queryset=OrderEvent.objects.filter(kind=OrderEvent.Kind.NOTE, data__has_key="pos"),
                to_attr="pos_events",
            ),
        )
        .first()
    )
    if order is None:
        raise NotFound(_("No such sale in this store."))
    return order
