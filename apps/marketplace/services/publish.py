"""Publishing staging products into the catalog, through the catalog's services.

One catalog product per feed group (item_group_id; a product without a group is a group of one),
one variant per staging product, with options Colour and Size from the feed's color and size. The
staging rows are locked FOR UPDATE (by primary key) while they are published, so publishing the
same staging product twice, even at once, gives one product: the second publish updates it. A
staging product whose group is published already joins that product as a new variant. Images are
fetched after commit by a task (tasks_publish.py). Unpublishing archives the product (never
deletes it) and unlinks its staging products."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.catalog import services as catalog_services
from apps.core.audit import audit_record
from apps.core.background import task_send_on_commit
from apps.core.errors import ApplicationError, NotFound, ValidationFailed

from ..cache import staging_changed_on_commit
from ..customisation import LANGS, price_apply
from ..errors import MarketplaceErrorCode
from ..models import StagingProduct
from .curation import categories_for

IMAGES_TASK = "apps.marketplace.tasks_publish.publish_images_fetch"
COLOUR, SIZE = "Colour", "Size"
SKU_LENGTH = 64
SEPARATORS = " -–—,/|:("


def in_stock_quantity() -> int:
    """The stock a product the feed says is in stock gets when the merchant set none."""
    return settings.MARKETPLACE_IN_STOCK_QUANTITY


@dataclass
class PublishResult:
    """What a publish did: the catalog products it created or updated, the staging ids it
    published, and why it left others out (staging id -> a readable line)."""

    product_ids: list[int] = field(default_factory=list)
    published: list[int] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)


# --- what a staging product publishes as ------------------------------------------------------------


def staging_price(product: StagingProduct) -> Decimal:
    """The price it sells at: the feed's (its sale price when it has one), through its rule."""
    base = product.sale_price if product.sale_price is not None else product.price
    return price_apply(base, product.customisation.get("price_rule"))


def staging_stock(product: StagingProduct) -> int:
    if product.availability == StagingProduct.Availability.OUT_OF_STOCK:
        return 0
    stock = product.customisation.get("stock")
    return in_stock_quantity() if stock is None else int(stock)


def staging_sku(product: StagingProduct) -> str:
    return (product.customisation.get("sku") or product.feed_id)[:SKU_LENGTH]


def _texts(product: StagingProduct, key: str, feed: dict[str, str]) -> dict[str, str]:
    own = product.customisation.get(key) or {}
    return {lang: own.get(lang) or feed.get(lang) or "" for lang in LANGS if own.get(lang) or feed.get(lang)}


def _common_title(titles: list[str]) -> str:
    """The group's title: the one title they share, else their common beginning cut at a word's
    end without the trailing separator ("Shirt - Red", "Shirt - Rose": "Shirt"), else the first."""
    titles = [t for t in titles if t]
    if not titles:
        return ""
    prefix = os.path.commonprefix(titles)
    if len(set(titles)) == 1:
        return prefix
    if prefix and prefix[-1].isalnum() and any(len(t) > len(prefix) and t[len(prefix)].isalnum() for t in titles):
        cut = max(prefix.rfind(c) for c in SEPARATORS)
        prefix = prefix[:cut] if cut > 0 else ""
    return prefix.rstrip(SEPARATORS).strip() or titles[0]


def group_titles(rows: list[StagingProduct]) -> dict[str, str]:
    """The product's title per language for a group of staging products."""
    if len(rows) == 1:
        return _texts(rows[0], "titles", rows[0].titles)
    per_row = [_texts(row, "titles", row.titles) for row in rows]
    return {lang: title for lang in LANGS if (title := _common_title([t.get(lang, "") for t in per_row]))}


def _product_data(lead: StagingProduct, rows: list[StagingProduct]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": group_titles(rows),
        "description": _texts(lead, "descriptions", lead.descriptions),
        "price": staging_price(lead),
        "brand": lead.brand[:120],
        "status": "active",
        "weight_grams": lead.weight_grams,
    }
    if lead.customisation.get("vat_rate"):
        data["vat_rate"] = lead.customisation["vat_rate"]
    if len(rows) == 1 and lead.gtin:
        data["gtin"] = lead.gtin
    return data


# --- options --------------------------------------------------------------------------------------


def _option_ids(store, actor, rows: list[StagingProduct]) -> dict[int, list[int]]:
    """Each staging product's option values (Colour, Size) in the catalog, made when missing."""
    ids: dict[int, list[int]] = {row.pk: [] for row in rows}
    if len(rows) < 2:
        return ids
    for name, attribute in ((COLOUR, "color"), (SIZE, "size")):
        texts = [getattr(row, attribute).strip() for row in rows]
        if not any(texts):
            continue
        wanted = list(dict.fromkeys(t for t in texts if t))
        _type, values = catalog_services.option_values_get_or_create(store=store, name=name, values=wanted, actor=actor)
        by_text = dict(zip(wanted, values, strict=True))
        for row, text in zip(rows, texts, strict=True):
            if text:
                ids[row.pk].append(by_text[text].pk)
    return ids


# --- publishing -----------------------------------------------------------------------------------


def _catalog_product(store, product_id: int | None):
    if product_id is None:
        return None
    try:
        return catalog_selectors.product_get(store=store, product_id=product_id)
    except NotFound:
        return None


def _archived_match(store, rows: list[StagingProduct]):
    """The archived catalog product a variant of which has the SKU of one of `rows` (what an
    unpublish left): publishing again brings it back rather than clashing with its SKU."""
    for row in rows:
        try:
            variant = catalog_selectors.variant_lookup(store=store, code=staging_sku(row))
        except NotFound:
            continue
        if variant.product.status == "archived":
            return catalog_selectors.product_get(store=store, product_id=variant.product_id)
    return None


def _group_key(row: StagingProduct) -> str:
    return f"g:{row.item_group_id}" if row.item_group_id else f"f:{row.feed_id}"


def _group_members(store, rows: list[StagingProduct]) -> list[StagingProduct]:
    """The rows to publish plus the published rows of their group (locked, by primary key)."""
    group_id = rows[0].item_group_id
    if not group_id:
        return rows
    ids = {row.pk for row in rows}
    others = list(
        StagingProduct.objects.select_for_update()
        .filter(store_id=store.id, item_group_id=group_id, product_id__isnull=False)
        .exclude(pk__in=ids)
        .order_by("pk")
    )
    return sorted([*rows, *others], key=lambda row: row.feed_id)


def _variant_write(store, actor, product, row: StagingProduct, variants: dict, option_ids: list[int]) -> int:
    """The variant of `row` on `product`: its own, updated, or a new one; its id."""
    price = staging_price(row)
    variant = variants.get(row.variant_id) or next(
        (v for v in variants.values() if v.sku.upper() == staging_sku(row).upper()), None
    )
    data: dict[str, Any] = {"price": price, "barcode": row.gtin}
    if option_ids:
        data["option_value_ids"] = option_ids
    if variant is None:
        variant = catalog_services.variant_create(
            store=store,
            product=product,
            actor=actor,
            sku=staging_sku(row),
            barcode=row.gtin,
            price=price,
            option_value_ids=option_ids or None,
            stock=staging_stock(row),
        )
        return variant.pk
    if "sku" in row.customisation:
        data["sku"] = staging_sku(row)
    catalog_services.variant_update(store=store, variant=variant, actor=actor, data=data)
    catalog_services.stock_set(store=store, variant_id=variant.pk, quantity=staging_stock(row), actor=actor)
    return variant.pk


def _publish_group(store, actor, rows: list[StagingProduct], categories: dict[int, list[int]]) -> int:
    """Publish one group of locked staging rows; the catalog product's id."""
    members = _group_members(store, rows)
    lead = members[0]
    data = _product_data(lead, members)
    category_ids = categories.get(lead.pk)
    product = next((p for p in (_catalog_product(store, r.product_id) for r in members) if p is not None), None)
    product = product or _archived_match(store, members)
    option_ids = _option_ids(store, actor, members)
    if product is None:
        data["sku"] = staging_sku(lead)
        product = catalog_services.product_create(
            store=store, actor=actor, data=data, category_ids=category_ids, stock=staging_stock(lead)
        )
        default = product.variants.get()
        lead.variant_id = default.pk
        variants = {default.pk: default}
    else:
        product = catalog_services.product_update(
            store=store, product=product, actor=actor, data=data, category_ids=category_ids or None
        )
        variants = {v.pk: v for v in catalog_selectors.product_get(store=store, product_id=product.pk).variants.all()}
    now = timezone.now()
    for row in members:
        row.variant_id = _variant_write(store, actor, product, row, variants, option_ids[row.pk])
        row.product_id = product.pk
        row.published_at = row.published_at or now
        row.save(update_fields=["product_id", "variant_id", "published_at", "updated_at"])
    task_send_on_commit(IMAGES_TASK, store.id, product.pk, lead.pk)
    staging_changed_on_commit(store.id)
    return product.pk


def _locked(store, staging_ids: Iterable[int]) -> list[StagingProduct]:
    return list(
        StagingProduct.objects.select_for_update().filter(store_id=store.id, pk__in=list(staging_ids)).order_by("pk")
    )


def staging_publish(*, store, actor, staging_ids: Iterable[int]) -> PublishResult:
    """Publish these staging products of the store (others' ids are left out). Each group in its
    own transaction: a group the catalog refuses (a SKU taken, ...) is reported, the others go on."""
    result = PublishResult()
    rows = StagingProduct.objects.filter(store_id=store.id, pk__in=list(staging_ids)).order_by("pk")
    groups: dict[str, list[int]] = {}
    for row in rows:
        groups.setdefault(_group_key(row), []).append(row.pk)
    for ids in groups.values():
        try:
            with transaction.atomic():
                locked = _locked(store, ids)
                product_id = _publish_group(store, actor, locked, categories_for(store, locked))
        except ApplicationError as error:
            for pk in ids:
                result.problems[pk] = error.message
            continue
        result.product_ids.append(product_id)
        result.published.extend(ids)
    if result.published:
        audit_record(
            actor=actor,
            action="marketplace.staging_publish",
            target=str(len(result.published)),
            store=store,
            data={"staging": result.published[:100], "products": result.product_ids[:100]},
        )
    return result


def staging_publish_one(*, store, actor, staging_id: int) -> PublishResult:
    """Publish one staging product; a refusal is raised as the catalog's error."""
    result = staging_publish(store=store, actor=actor, staging_ids=[staging_id])
    if result.problems:
        raise ValidationFailed(next(iter(result.problems.values())), code=MarketplaceErrorCode.CUSTOMISATION_INVALID)
    if not result.published:
        raise NotFound(_("No such product in this store's feed."))
    return result


@transaction.atomic
def staging_unpublish(*, store, actor, staging_id: int) -> StagingProduct:
    """Archive the catalog product a staging product was published as and unlink it (and the
    other staging products of that product). Never deletes anything."""
    row = StagingProduct.objects.select_for_update().filter(store_id=store.id, pk=staging_id).first()
    if row is None:
        raise NotFound(_("No such product in this store's feed."))
    if row.product_id is None:
        raise ValidationFailed(_("This product is not published."), code=MarketplaceErrorCode.NOT_PUBLISHED)
    product = _catalog_product(store, row.product_id)
    if product is not None:
        catalog_services.product_update(store=store, product=product, actor=actor, data={"status": "archived"})
    StagingProduct.objects.filter(store_id=store.id, product_id=row.product_id).update(
        product_id=None, variant_id=None, published_at=None
    )
    staging_changed_on_commit(store.id)
    audit_record(actor=actor, action="marketplace.staging_unpublish", target=row.feed_id, store=store)
    row.refresh_from_db()
    return row
