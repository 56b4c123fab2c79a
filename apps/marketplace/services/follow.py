"""Keeping published products in step with the feed after an import (the receiver of
signals.feed_imported calls feed_follow). Per store (LetzshopConnection), a published variant
follows the feed's price (through its price rule) and availability (out of stock: stock 0; back in
stock: the stock it would be published with, when it has none) or keeps the merchant's values;
a product gone from the feed is archived, or kept and flagged (the staging row's state "gone" is
the flag the curation pages show). Nothing is ever deleted."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction

from apps.catalog import selectors as catalog_selectors
from apps.catalog import services as catalog_services
from apps.core.errors import ApplicationError

from ..models import FeedImport, LetzshopConnection, StagingProduct
from .publish import staging_price, staging_stock

logger = logging.getLogger(__name__)


@dataclass
class FollowResult:
    prices: int = 0  # variants whose price changed
    stock: int = 0  # variants whose stock changed
    archived: int = 0  # products archived as gone from the feed


def _connection(store) -> LetzshopConnection:
    return LetzshopConnection.objects.filter(store_id=store.id).first() or LetzshopConnection(store_id=store.id)


def _follow_variant(store, row: StagingProduct, connection: LetzshopConnection, result: FollowResult) -> None:
    variant = catalog_selectors.variant_get(store=store, variant_id=row.variant_id)
    if connection.follow_feed_price:
        price = staging_price(row)
        if variant.price != price:
            catalog_services.variant_update(store=store, variant=variant, actor=None, data={"price": price})
            result.prices += 1
    if connection.follow_feed_availability:
        quantity = variant.inventory.quantity
        out = row.availability == StagingProduct.Availability.OUT_OF_STOCK
        wanted = 0 if out else (quantity or staging_stock(row))
        if wanted != quantity:
            catalog_services.stock_set(store=store, variant_id=variant.pk, quantity=wanted, actor=None)
            result.stock += 1


def _archive_gone(store, product_id: int, result: FollowResult) -> None:
    product = catalog_selectors.product_get(store=store, product_id=product_id)
    if product.status != "archived":
        catalog_services.product_update(store=store, product=product, actor=None, data={"status": "archived"})
        result.archived += 1


def feed_follow(*, store, feed_import: FeedImport | None = None) -> FollowResult:
    """Apply the feed's news to the published products of the store: the changed staging products
    of `feed_import` (every changed one when None) and every published one gone from the feed.
    Each variant or product in its own transaction: one the catalog refuses (stock reserved for
    orders, ...) is logged and left as it is."""
    connection = _connection(store)
    result = FollowResult()
    published = StagingProduct.objects.filter(store_id=store.id, product_id__isnull=False)
    changed = published.filter(state=StagingProduct.State.CHANGED, variant_id__isnull=False)
    if feed_import is not None:
        changed = changed.filter(last_import_id=feed_import.pk)
    if connection.follow_feed_price or connection.follow_feed_availability:
        for row in changed.order_by("pk"):
            _guarded(lambda row=row: _follow_variant(store, row, connection, result), row)
    if connection.gone_policy == LetzshopConnection.GonePolicy.ARCHIVE:
        gone = published.filter(state=StagingProduct.State.GONE).order_by("product_id")
        for product_id in gone.values_list("product_id", flat=True).distinct():
            if not published.filter(product_id=product_id).exclude(state=StagingProduct.State.GONE).exists():
                _guarded(lambda product_id=product_id: _archive_gone(store, product_id, result), product_id)
    return result


def _guarded(step, what) -> None:
    try:
        with transaction.atomic():
            step()
    except ApplicationError as error:
        logger.info("following the feed left %s as it is: %s", what, error.message)
