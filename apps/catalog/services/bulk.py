"""Bulk changes to many products: validated when queued, applied batch by batch by a job."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from apps.core.audit import audit_record
from apps.core.numbers import MAX_ID, NotANumber, decimal_places, parse_decimal, parse_integer
from apps.jobs.services import job_queue

from ..cache import catalog_changed
from ..errors import CatalogErrorCode
from ..models import Category, Product, Variant
from ..pricing import CENT
from ..search import product_search_refresh
from ..types import Actor, StoreRef
from ._common import invalid
from .products import dangerously_price_range_refresh

if TYPE_CHECKING:
    from apps.jobs.models import Job

BULK_ACTION_LABELS = {
    "activate": _lazy("Activate"),
    "archive": _lazy("Archive"),
    "draft": _lazy("Back to draft"),
    "delete": _lazy("Delete"),
    "set_category": _lazy("Add to category"),
    "price_percent": _lazy("Change price by a percentage"),
    "feature": _lazy("Feature"),
    "unfeature": _lazy("Stop featuring"),
}
BULK_ACTIONS = tuple(BULK_ACTION_LABELS)
MAX_PERCENT = Decimal("1000")


def bulk_id(value: Any) -> int | None:
    """A row id as a client may send it (42 or "42"); None for anything else ("abc", [1], true,
    "²", "١٢", 0, or a number no id column holds)."""
    try:
        number = parse_integer(value)
    except NotANumber:
        return None
    return number if 0 < number <= MAX_ID else None


def _percent_of(value: Any) -> Decimal | None:
    """A change in percent, plain decimal notation with at most two decimals; None if not one."""
    try:
        percent = parse_decimal(value)
    except NotANumber:
        return None
    if percent <= -100 or percent > MAX_PERCENT or percent == 0 or decimal_places(percent) > 2:
        return None
    return percent


def bulk_validate(*, store: StoreRef, action: str, params: dict[str, Any]) -> dict[str, Any]:
    """Check a bulk action's parameters before it is queued; returns them normalised. Parameters
    of the wrong type are refused here, as a field error, never left to fail in the job."""
    if not isinstance(action, str) or action not in BULK_ACTIONS:
        raise invalid("action", _("Unknown bulk action."), CatalogErrorCode.BULK_ACTION_INVALID)
    if not isinstance(params, dict):
        raise invalid("params", _("Send the action's parameters as an object."), CatalogErrorCode.BULK_ACTION_INVALID)
    if action == "set_category":
        category_id = bulk_id(params.get("category_id"))
        category = Category.objects.filter(store_id=store.id, pk=category_id).first() if category_id else None
        if category is None:
            raise invalid("category_id", _("Choose a category."), CatalogErrorCode.BULK_ACTION_INVALID)
        return {"category_id": category.pk}
    if action == "price_percent":
        percent = _percent_of(params.get("percent"))
        if percent is None:
            raise invalid(
                "percent",
                _("Enter a change between -99.99 % and +1000 %, not 0."),
                CatalogErrorCode.BULK_ACTION_INVALID,
            )
        return {"percent": str(percent.quantize(CENT))}
    return {}


BULK_JOB_KIND = "catalog.bulk_products"


def bulk_queue(
    *,
    store: StoreRef,
    actor: Actor | None,
    action: str,
    params: dict[str, Any],
    product_ids: Iterable[int],
    label: str = "",
) -> Job:
    """Validate a bulk action and queue it as a job over the store's products among `product_ids`
    (the jobs runner runs apps.catalog.jobs.bulk_products). The job row, its audit row and its task
    go together: the task is sent only if the job row commits. Each batch the job applies writes
    its own audit row (bulk_apply)."""
    params = bulk_validate(store=store, action=action, params=params)
    wanted = {pk for pk in map(bulk_id, product_ids) if pk is not None}
    ids = sorted(set(Product.objects.filter(store_id=store.id, pk__in=wanted).values_list("pk", flat=True)))
    if not ids:
        raise invalid("product_ids", _("Select at least one product."), CatalogErrorCode.BULK_ACTION_INVALID)
    label = label or ngettext("%(action)s: %(count)d product", "%(action)s: %(count)d products", len(ids)) % {
        "action": BULK_ACTION_LABELS[action],
        "count": len(ids),
    }
    with transaction.atomic():
        job = job_queue(
            store=store,
            kind=BULK_JOB_KIND,
            label=label[:200],
            total=len(ids),
            actor=actor,
            params={"action": action, "params": params, "product_ids": ids},
        )
        audit_record(
            actor=actor,
            action="catalog.bulk_queue",
            target=label[:200],
            store=store,
            data={"job": job.pk, "action": action, "params": params, "count": len(ids)},
        )
    return job


@dataclass(frozen=True)
class BulkApplied:
    """What a bulk action did to a batch: how many products it changed, and why it left the others
    unchanged, one readable line per product id ("SKU-12: the new price would exceed ...")."""

    changed: int
    problems: Mapping[int, str] = field(default_factory=dict)


def bulk_apply(
    *, store: StoreRef, actor: Actor | None, action: str, params: dict[str, Any], product_ids: list[int]
) -> BulkApplied:
    """Apply a validated bulk action to a batch of products of this store, in one transaction.
    A product the action cannot be applied to (a price that would outgrow its column) is left
    unchanged and named in the result's problems; the others are changed. Used by the background
    job, batch by batch."""
    apply = _APPLY.get(action)
    if apply is None:  # pragma: no cover - bulk_validate keeps this out
        raise invalid("action", _("Unknown bulk action."))
    products = Product.objects.filter(store_id=store.id, pk__in=product_ids)
    with transaction.atomic():
        applied = apply(store=store, products=products, params=params, product_ids=product_ids)
        if action != "delete":
            product_search_refresh(product_ids=product_ids)
        audit_record(
            actor=actor,
            action=f"catalog.bulk_{action}",
            target=f"{applied.changed} products",
            store=store,
            data={"params": params, "ids": product_ids[:50], "unchanged": len(applied.problems)},
        )
        catalog_changed(store.id)
    return applied


STATUS_OF = {"activate": Product.Status.ACTIVE, "archive": Product.Status.ARCHIVED, "draft": Product.Status.DRAFT}


def _set_status(status: str):
    def apply(*, products: QuerySet[Product], **_context: Any) -> BulkApplied:
        if status == Product.Status.ACTIVE:
            products.filter(published_at__isnull=True).update(published_at=timezone.now())
        return BulkApplied(products.update(status=status, updated_at=timezone.now()))

    return apply


def _set_featured(featured: bool):
    def apply(*, products: QuerySet[Product], **_context: Any) -> BulkApplied:
        return BulkApplied(products.update(is_featured=featured, updated_at=timezone.now()))

    return apply


def _delete(*, products: QuerySet[Product], **_context: Any) -> BulkApplied:
    count = products.count()
    products.delete()
    return BulkApplied(count)


def _set_category(
    *, store: StoreRef, products: QuerySet[Product], params: dict[str, Any], product_ids: list[int]
) -> BulkApplied:
    category = Category.objects.get(store_id=store.id, pk=params["category_id"])
    through = Product.categories.through
    existing = set(
        through.objects.filter(category=category, product_id__in=product_ids).values_list("product_id", flat=True)
    )
    ids = list(products.values_list("pk", flat=True))
    through.objects.bulk_create([through(product_id=pk, category=category) for pk in ids if pk not in existing])
    return BulkApplied(len(ids))


def _largest(model: type[Model], field: str) -> Decimal:
    """The largest amount a decimal column holds (numeric(12, 2): 9999999999.99)."""
    column = model._meta.get_field(field)
    return Decimal(10) ** (column.max_digits - column.decimal_places) - Decimal(10) ** -column.decimal_places


def _price_percent(
    *, store: StoreRef, products: QuerySet[Product], params: dict[str, Any], product_ids: list[int]
) -> BulkApplied:
    """Every price of each product (its own and its variants') changed by the percentage, or none
    of them when one would not fit its column: that product is reported instead."""
    factor = Decimal(1) + Decimal(params["percent"]) / Decimal(100)
    largest = min(_largest(Product, "price"), _largest(Variant, "price"))
    locked = list(products.select_for_update().order_by("pk"))  # products first, as every price change
    variants: dict[int, list[Variant]] = defaultdict(list)
    for variant in (
        Variant.objects.filter(store_id=store.id, product_id__in=product_ids, price__isnull=False)
        .select_for_update()
        .order_by("pk")
    ):
        variants[variant.product_id].append(variant)
    changed, problems, changed_variants = 0, {}, []
    for product in locked:
        price = _scaled(product.price, factor)
        prices = [(variant, _scaled(variant.price, factor)) for variant in variants[product.pk]]
        if price > largest or any(new > largest for _variant, new in prices):
            problems[product.pk] = _too_large_problem(product.sku, largest)
            continue
        product.price = price
        product.save(update_fields=["price", "updated_at"])
        for variant, new in prices:
            variant.price = new
            changed_variants.append(variant)
        changed += 1
    Variant.objects.bulk_update(changed_variants, ["price"])
    dangerously_price_range_refresh(product_ids)
    return BulkApplied(changed, problems)


def _scaled(price: Decimal, factor: Decimal) -> Decimal:
    return (price * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def _too_large_problem(sku: str, largest: Decimal) -> str:
    return _("%(sku)s: the new price would exceed %(largest)s, so it was left unchanged.") % {
        "sku": sku,
        "largest": number_format(largest, 2, use_l10n=True, force_grouping=True),
    }


_APPLY = {
    **{action: _set_status(status) for action, status in STATUS_OF.items()},
    "feature": _set_featured(True),
    "unfeature": _set_featured(False),
    "delete": _delete,
    "set_category": _set_category,
    "price_percent": _price_percent,
}
