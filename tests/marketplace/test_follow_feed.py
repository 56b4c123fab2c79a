"""Published products follow the feed after an import (price through the rule, availability) or
keep the merchant's values; products gone from the feed are archived or flagged."""

from decimal import Decimal

from apps.catalog.models import InventoryItem, Product, Variant
from apps.marketplace import services
from apps.marketplace.models import FeedImport, LetzshopConnection, StagingProduct
from apps.marketplace.receivers import follow_feed_on_import
from apps.marketplace.signals import feed_imported

from .factories import staging_product


def _published(tenant, **fields):
    row = staging_product(tenant.store, **fields)
    services.staging_publish(store=tenant.store, actor=None, staging_ids=[row.pk])
    row.refresh_from_db()
    return row


def _import_changes(tenant, row, **fields):
    feed_import = FeedImport.objects.create(store_id=tenant.store.id, language="en", status="done")
    for name, value in fields.items():
        setattr(row, name, value)
    row.state, row.last_import = StagingProduct.State.CHANGED, feed_import
    row.save()
    return feed_import


def test_follows_price_and_availability(tenant_a):
    with tenant_a:
        rule = {"kind": "fixed", "value": "1", "rounding": ""}
        row = _published(tenant_a, price="10", customisation={"price_rule": rule, "stock": 5})
        feed_import = _import_changes(tenant_a, row, price=Decimal("12.00"), availability="out_of_stock")
        follow_feed_on_import(sender=FeedImport, store=tenant_a.store, feed_import=feed_import)
        variant = Variant.objects.get(pk=row.variant_id)
        assert variant.price == Decimal("13.00")
        assert InventoryItem.objects.get(variant=variant).quantity == 0
        row.availability = "in_stock"
        row.save()
        feed_imported.send(sender=FeedImport, store=tenant_a.store, feed_import=feed_import)
        assert InventoryItem.objects.get(variant=variant).quantity == 5  # restored


def test_keeps_the_merchants_values_when_told(tenant_a):
    with tenant_a:
        LetzshopConnection.objects.create(
            store_id=tenant_a.store.id, follow_feed_price=False, follow_feed_availability=False
        )
        row = _published(tenant_a, price="10")
        feed_import = _import_changes(tenant_a, row, price=Decimal("99.00"), availability="out_of_stock")
        result = services.feed_follow(store=tenant_a.store, feed_import=feed_import)
        assert (result.prices, result.stock) == (0, 0)
        assert Variant.objects.get(pk=row.variant_id).price == Decimal("10.00")


def test_gone_products_are_archived_or_flagged(tenant_a):
    with tenant_a:
        row = _published(tenant_a)
        row.state = StagingProduct.State.GONE
        row.save()
        services.feed_follow(store=tenant_a.store)  # default policy: flag
        assert Product.objects.get(pk=row.product_id).status == "active"
        LetzshopConnection.objects.create(store_id=tenant_a.store.id, gone_policy="archive")
        assert services.feed_follow(store=tenant_a.store).archived == 1
        assert Product.objects.get(pk=row.product_id).status == "archived"
        assert StagingProduct.objects.get(pk=row.pk).product_id == row.product_id  # archived, still linked
