"""Stock for orders: many variants changed in one go, in a constant number of queries.

The orders app reserves stock when an order is placed, turns the reservation into a sale when it
ships, releases it when an order is cancelled or expires, sells at once at the till and puts
returned goods back. `stock_apply` does any mix of these for any number of variants: it locks
the inventory rows in primary-key order (so two orders touching the same variants queue instead
of deadlocking), checks every change, and writes the rows, the ledger, the products' available
counts and one audit row with five queries whatever the number of lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import NotFound, ValidationFailed

from ..cache import catalog_changed
from ..errors import CatalogErrorCode
from ..models import InventoryItem, Product, StockMovement
from ..types import Actor, StoreRef


class StockOp(StrEnum):
    RESERVE = "reserve"  # hold for an order: reserved += n (needs n available)
    RELEASE = "release"  # give a hold back: reserved -= n
    SHIP = "ship"  # a held unit leaves: on hand -= n, reserved -= n
    SELL = "sell"  # sold at once (the till): on hand -= n (needs n available)
    RESTOCK = "restock"  # a returned unit is back on the shelf: on hand += n


# op -> (on-hand change, reserved change) per unit, and the ledger reason
_EFFECT = {
    StockOp.RESERVE: (0, 1, StockMovement.Reason.RESERVED),
    StockOp.RELEASE: (0, -1, StockMovement.Reason.RELEASED),
    StockOp.SHIP: (-1, -1, StockMovement.Reason.SOLD),
    StockOp.SELL: (-1, 0, StockMovement.Reason.SOLD),
    StockOp.RESTOCK: (1, 0, StockMovement.Reason.RETURNED),
}


@dataclass(frozen=True)
class StockChange:
    variant_id: int
    op: StockOp
    quantity: int


class InsufficientStock(ValidationFailed):
    """Raised with the variants that lack stock: {variant_id: units available}."""

    def __init__(self, message: str, *, short: dict[int, int]) -> None:
        super().__init__(message, code=CatalogErrorCode.STOCK_NEGATIVE)
        self.short = short


def stock_apply(
    *, store: StoreRef, changes: Sequence[StockChange], actor: Actor | None, reference: str
) -> list[StockMovement]:
    """Apply `changes` atomically, all or none. `reference` (an order number) goes into the ledger.
    Raises InsufficientStock naming every variant short of stock, NotFound for a variant of
    another store."""
    if not changes:
        return []
    for change in changes:
        if not isinstance(change.quantity, int) or change.quantity <= 0:
            raise ValidationFailed(_("Enter a positive whole number."))
    with transaction.atomic():
        items = _lock(store=store, variant_ids={change.variant_id for change in changes})
        deltas = _deltas(items, changes)
        _write(items, deltas)
        movements = _ledger(items, changes, actor=actor, reference=reference)
        audit_record(
            actor=actor,
            action="catalog.stock_apply",
            target=reference,
            store=store,
            data={"changes": [[c.variant_id, str(c.op), c.quantity] for c in changes]},
        )
        catalog_changed(store.id)
    return movements


def _lock(*, store: StoreRef, variant_ids: set[int]) -> dict[int, InventoryItem]:
    items = {
        item.variant_id: item
        for item in InventoryItem.objects.select_for_update(of=("self",))
        .select_related("variant")
        .filter(variant_id__in=variant_ids, variant__store_id=store.id)
        .order_by("pk")
    }
    if len(items) != len(variant_ids):
        raise NotFound(_("No such variant in this store."))
    return items


def _deltas(items: dict[int, InventoryItem], changes: Sequence[StockChange]) -> dict[int, tuple[int, int]]:
    """{variant_id: (on-hand change, reserved change)}, checked against the locked rows."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for change in changes:
        on_hand, reserved, _reason = _EFFECT[change.op]
        totals[change.variant_id][0] += on_hand * change.quantity
        totals[change.variant_id][1] += reserved * change.quantity
    short: dict[int, int] = {}
    for variant_id, (on_hand, reserved) in totals.items():
        item = items[variant_id]
        quantity, held = item.quantity + on_hand, item.reserved + reserved
        if quantity < 0 or held < 0 or held > quantity:
            short[variant_id] = max(item.available, 0)
    if short:
        raise InsufficientStock(_("Not enough stock."), short=short)
    return {variant_id: (on_hand, reserved) for variant_id, (on_hand, reserved) in totals.items()}


def _write(items: dict[int, InventoryItem], deltas: dict[int, tuple[int, int]]) -> None:
    by_product: dict[int, int] = defaultdict(int)
    for variant_id, (on_hand, reserved) in deltas.items():
        item = items[variant_id]
        item.quantity += on_hand
        item.reserved += reserved
        by_product[item.variant.product_id] += on_hand - reserved
    InventoryItem.objects.bulk_update(list(items.values()), ["quantity", "reserved"])
    changed = {product_id: delta for product_id, delta in by_product.items() if delta}
    if changed:
        Product.objects.filter(pk__in=changed).update(
            available=F("available")
            + Case(
                *(When(pk=product_id, then=Value(delta)) for product_id, delta in changed.items()),
                default=Value(0),
                output_field=IntegerField(),
            )
        )


def _ledger(
    items: dict[int, InventoryItem], changes: Sequence[StockChange], *, actor: Actor | None, reference: str
) -> list[StockMovement]:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    rows = []
    for change in changes:
        on_hand, reserved, reason = _EFFECT[change.op]
        item = items[change.variant_id]
        rows.append(
            StockMovement(
                item=item,
                delta=on_hand * change.quantity,
                reserved_delta=reserved * change.quantity,
                quantity_after=item.quantity,
                reason=reason,
                note=reference[:200],
                actor_id=actor.pk if authenticated else None,
                actor_email=actor.email if authenticated else "",
            )
        )
    return StockMovement.objects.bulk_create(rows)
