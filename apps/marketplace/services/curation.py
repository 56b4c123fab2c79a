"""Curation: what the merchant chooses in the staging area before (and after) publishing. Select
or deselect staging products (one, a list, or everything a filter matches: one UPDATE), customise
one (customisation.py documents and checks the shape), apply a price rule or categories to many
at once, and map feed categories to store categories (remembered for the next products)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, JSONField, QuerySet, Value
from django.db.models.expressions import CombinedExpression
from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed

from ..cache import staging_changed_on_commit
from ..customisation import customisation_clean, price_rule_clean
from ..errors import MarketplaceErrorCode
from ..models import CategoryMapping, StagingProduct
from ..selectors import StagingFilters, staging_get, staging_list


def store_category_ids(store) -> set[int]:
    return {category.pk for category in catalog_selectors.category_list(store=store)}


def staging_target(
    *, store, ids: Iterable[int] | None = None, filters: StagingFilters | None = None
) -> QuerySet[StagingProduct]:
    """The staging products of the store a bulk action is about: these ids, or what `filters`
    match; neither is an error (SELECTION_EMPTY)."""
    if ids is not None:
        ids = list(ids)
        if not ids:
            raise ValidationFailed(_("Select at least one product."), code=MarketplaceErrorCode.SELECTION_EMPTY)
        filters = StagingFilters(ids=tuple(ids))
    if filters is None:
        raise ValidationFailed(_("Select at least one product."), code=MarketplaceErrorCode.SELECTION_EMPTY)
    return staging_list(store=store, filters=filters).order_by()


@transaction.atomic
def staging_select(
    *,
    store,
    actor,
    selected: bool = True,
    ids: Iterable[int] | None = None,
    filters: StagingFilters | None = None,
) -> int:
    """Select (or deselect) these staging products, or all `filters` match, in one UPDATE; how
    many rows it changed."""
    target = staging_target(store=store, ids=ids, filters=filters)
    count = target.exclude(is_selected=selected).update(is_selected=selected)
    staging_changed_on_commit(store.id)
    audit_record(
        actor=actor,
        action="marketplace.staging_select" if selected else "marketplace.staging_deselect",
        target=str(count),
        store=store,
        data={"count": count},
    )
    return count


def _image_urls(product: StagingProduct) -> list[str]:
    return [url for url in [product.image_link, *product.additional_image_links] if url]


@transaction.atomic
def staging_customise(*, store, actor, staging_id: int | str, changes: dict[str, Any]) -> StagingProduct:
    """Change a staging product's customisation: the keys given are set (None or "" goes back to
    the feed's value), the others kept. Checked whole; errors name the key ("price_rule.value")."""
    product = staging_get(store=store, staging_id=staging_id)
    product = StagingProduct.objects.select_for_update().get(pk=product.pk)
    if not isinstance(changes, dict):
        raise ValidationFailed(_("Give the changes as an object."), code=MarketplaceErrorCode.CUSTOMISATION_INVALID)
    merged = {**product.customisation, **changes}
    cleaned = customisation_clean(merged, category_ids=store_category_ids(store), image_urls=_image_urls(product))
    product.customisation = cleaned
    product.save(update_fields=["customisation", "updated_at"])
    staging_changed_on_commit(store.id)
    audit_record(
        actor=actor,
        action="marketplace.staging_customise",
        target=product.feed_id,
        store=store,
        data={"fields": sorted(changes)},
    )
    return product


def _bulk_changes(store, *, price_rule: Any, category_ids: Any) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if price_rule is not None:
        changes["price_rule"] = price_rule_clean(price_rule) or {}
    if category_ids is not None:
        changes["category_ids"] = customisation_clean(
            {"category_ids": category_ids}, category_ids=store_category_ids(store)
        ).get("category_ids", [])
    if not changes:
        raise ValidationFailed(
            _("Choose a price rule or categories to apply."), code=MarketplaceErrorCode.CUSTOMISATION_INVALID
        )
    return changes


@transaction.atomic
def staging_bulk_customise(
    *,
    store,
    actor,
    ids: Iterable[int] | None = None,
    filters: StagingFilters | None = None,
    price_rule: Any = None,
    category_ids: Any = None,
) -> int:
    """Give many staging products the same price rule and/or store categories (one UPDATE); an
    empty rule or list takes that key away (back to the feed's price, the mapping's category)."""
    changes = _bulk_changes(store, price_rule=price_rule, category_ids=category_ids)
    target = staging_target(store=store, ids=ids, filters=filters)
    merged = CombinedExpression(F("customisation"), "||", Value(changes, output_field=JSONField()))
    empty = [key for key, value in changes.items() if value in ({}, [])]
    expression = merged
    for key in empty:
        expression = CombinedExpression(expression, "-", Value(key))
    count = target.update(customisation=expression)
    staging_changed_on_commit(store.id)
    audit_record(
        actor=actor,
        action="marketplace.staging_bulk_customise",
        target=str(count),
        store=store,
        data={"count": count, "fields": sorted(changes)},
    )
    return count


@transaction.atomic
def category_mapping_set(*, store, actor, feed_category: str, category_id: int | None) -> CategoryMapping | None:
    """Map a feed category to a store category (None removes the mapping). Staging products of that
    feed category without categories of their own are published into it."""
    feed_category = (feed_category or "").strip()
    if not feed_category:
        raise ValidationFailed(
            _("Choose a feed category."),
            code=MarketplaceErrorCode.CUSTOMISATION_INVALID,
            fields={"feed_category": [_("Choose a feed category.")]},
        )
    if category_id is None:
        CategoryMapping.objects.filter(store_id=store.id, feed_category=feed_category).delete()
        audit_record(actor=actor, action="marketplace.category_mapping_delete", target=feed_category, store=store)
        return None
    if category_id not in store_category_ids(store):
        raise ValidationFailed(
            _("Unknown category."),
            code=MarketplaceErrorCode.CUSTOMISATION_INVALID,
            fields={"category_id": [_("Unknown category.")]},
        )
    mapping, _created = CategoryMapping.objects.update_or_create(
        store_id=store.id, feed_category=feed_category, defaults={"category_id": category_id}
    )
    audit_record(
        actor=actor,
        action="marketplace.category_mapping_set",
        target=feed_category,
        store=store,
        data={"category": category_id},
    )
    return mapping


def categories_for(store, products: Iterable[StagingProduct]) -> dict[int, list[int]]:
    """The store categories each staging product is published into: its own, else its feed
    category's mapping, else none."""
    products = list(products)
    types = {p.product_type for p in products if p.product_type and "category_ids" not in p.customisation}
    mapped = dict(
        CategoryMapping.objects.filter(store_id=store.id, feed_category__in=types).values_list(
            "feed_category", "category_id"
        )
    )
    result = {}
    for p in products:
        own = p.customisation.get("category_ids")
        result[p.pk] = list(own) if own is not None else ([mapped[p.product_type]] if p.product_type in mapped else [])
    return result
