"""Stock: the one place that changes it. Each change locks the item's row, refuses to take stock
below zero (or reservations above stock), and writes the ledger row in the same transaction, so
concurrent adjustments from the till, the back office and the API always add up."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import NotFound, ValidationFailed

from ..cache import catalog_changed
from ..errors import CatalogErrorCode
from ..models import InventoryItem, Product, StockMovement, Variant
from ..types import Actor, StoreRef

MAX_STEP = 1_000_000


def _lock(*, store: StoreRef, variant_id: int) -> InventoryItem:
    item = InventoryItem.objects.select_for_update().filter(variant_id=variant_id, variant__store_id=store.id).first()
    if item is None:
        raise NotFound(_("No such variant in this store."))
    return item


def stock_adjust(
    *, store: StoreRef, variant_id: int, delta: int, reason: str, actor: Actor | None = None, note: str = ""
) -> StockMovement:
    """Add (delta > 0) or remove (delta < 0) stock on hand."""
    if reason not in StockMovement.Reason.values:
        raise ValidationFailed(_("Choose a reason."), fields={"reason": [_("Choose a reason.")]})
    if not isinstance(delta, int) or delta == 0 or abs(delta) > MAX_STEP:
        raise ValidationFailed(
            _("Enter a non-zero whole number."), fields={"delta": [_("Enter a non-zero whole number.")]}
        )
    with transaction.atomic():
        item = _lock(store=store, variant_id=variant_id)
        if item.quantity + delta < item.reserved:
            code = (
                CatalogErrorCode.STOCK_NEGATIVE
                if item.quantity + delta < 0
                else CatalogErrorCode.RESERVED_EXCEEDS_STOCK
            )
            message = _("Only %(available)d in stock: this would take it below zero.") % {"available": item.quantity}
            if code == CatalogErrorCode.RESERVED_EXCEEDS_STOCK:
                message = _("%(reserved)d are reserved for orders: stock cannot go below that.") % {
                    "reserved": item.reserved
                }
            raise ValidationFailed(message, code=code, fields={"delta": [message]})
        item.quantity += delta
        item.save(update_fields=["quantity", "updated_at"])
        movement = _record(store, item, action="stock_adjust", delta=delta, reason=reason, actor=actor, note=note)
        catalog_changed(store.id)
    return movement


def stock_open(*, store: StoreRef, variant: Variant, quantity: int, actor: Actor | None) -> None:
    """Opening stock of a new variant: through the ledger like any other receipt."""
    if quantity:
        stock_adjust(
            store=store, variant_id=variant.pk, delta=quantity, reason="received", actor=actor, note=_("Opening stock")
        )


def stock_set(
    *, store: StoreRef, variant_id: int, quantity: int, actor: Actor | None = None, note: str = ""
) -> StockMovement | None:
    """A stock count: set the quantity on hand, recording the difference."""
    if not isinstance(quantity, int) or quantity < 0 or quantity > MAX_STEP:
        raise ValidationFailed(
            _("Enter a whole number of 0 or more."),
            code=CatalogErrorCode.STOCK_NEGATIVE,
            fields={"quantity": [_("Enter a whole number of 0 or more.")]},
        )
    with transaction.atomic():
        item = _lock(store=store, variant_id=variant_id)
        if quantity == item.quantity:
            return None
        if quantity < item.reserved:
            message = _("%(reserved)d are reserved for orders: stock cannot go below that.") % {
                "reserved": item.reserved
            }
            raise ValidationFailed(
                message, code=CatalogErrorCode.RESERVED_EXCEEDS_STOCK, fields={"quantity": [message]}
            )
        delta = quantity - item.quantity
        item.quantity = quantity
        item.save(update_fields=["quantity", "updated_at"])
        movement = _record(
            store, item, action="stock_set", delta=delta, reason=StockMovement.Reason.COUNT, actor=actor, note=note
        )
        catalog_changed(store.id)
    return movement


def stock_reserve(
    *, store: StoreRef, variant_id: int, quantity: int, actor: Actor | None = None, note: str = ""
) -> StockMovement:
    """Hold stock for an order; released again or turned into a sale by the orders app."""
    if not isinstance(quantity, int) or quantity <= 0:
        raise ValidationFailed(
            _("Enter a positive whole number."), fields={"quantity": [_("Enter a positive whole number.")]}
        )
    with transaction.atomic():
        item = _lock(store=store, variant_id=variant_id)
        if item.available < quantity:
            message = _("Only %(available)d available.") % {"available": item.available}
            raise ValidationFailed(message, code=CatalogErrorCode.STOCK_NEGATIVE, fields={"quantity": [message]})
        item.reserved += quantity
        item.save(update_fields=["reserved", "updated_at"])
        movement = _record(
            store,
            item,
            action="stock_reserve",
            delta=0,
            reserved_delta=quantity,
            reason=StockMovement.Reason.RESERVED,
            actor=actor,
            note=note,
        )
        catalog_changed(store.id)
    return movement


def inventory_settings_update(
    *,
    store: StoreRef,
    variant_id: int,
    actor: Actor | None,
    bin_location: str | None = None,
    low_stock_threshold: int | None = None,
) -> InventoryItem:
    """Change where a variant is kept and when its stock counts as low."""
    with transaction.atomic():
        item = _lock(store=store, variant_id=variant_id)
        if bin_location is not None:
            item.bin_location = str(bin_location).strip()[:40]
        if low_stock_threshold is not None:
            if not isinstance(low_stock_threshold, int) or not 0 <= low_stock_threshold <= MAX_STEP:
                raise ValidationFailed(
                    _("Enter a whole number of 0 or more."),
                    fields={"low_stock_threshold": [_("Enter a whole number of 0 or more.")]},
                )
            item.low_stock_threshold = low_stock_threshold
        item.save(update_fields=["bin_location", "low_stock_threshold", "updated_at"])
        audit_record(
            actor=actor,
            action="catalog.inventory_settings_update",
            target=item.variant.sku,
            store=store,
            data={"bin_location": item.bin_location, "low_stock_threshold": item.low_stock_threshold},
        )
    return item


def _record(
    store: StoreRef,
    item: InventoryItem,
    *,
    action: str,
    delta: int,
    reason: str,
    actor: Actor | None,
    note: str,
    reserved_delta: int = 0,
) -> StockMovement:
    """The ledger row and the audit row of a stock change, and the product's available count."""
    if delta - reserved_delta:
        Product.objects.filter(pk=item.variant.product_id).update(available=F("available") + delta - reserved_delta)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    audit_record(
        actor=actor,
        action=f"catalog.{action}",
        target=item.variant.sku,
        store=store,
        data={"delta": delta, "reserved_delta": reserved_delta, "quantity_after": item.quantity, "reason": reason},
    )
    return StockMovement.objects.create(
        item=item,
        delta=delta,
        reserved_delta=reserved_delta,
        quantity_after=item.quantity,
        reason=reason,
        note=(note or "")[:200],
        actor_id=actor.pk if authenticated else None,
        actor_email=actor.email if authenticated else "",
    )
