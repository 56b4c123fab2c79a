"""Catalog job handlers, run by the jobs runner (apps.jobs) as declared in CatalogConfig. They
take the job's context and call the catalog's services; they never touch the job row themselves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.errors import ValidationFailed
from apps.jobs.runner import JobContext

from . import services
from .errors import CatalogErrorCode

BATCH = 200


def bulk_products_params(*, store, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a "catalog.bulk_products" job, checked and normalised:
    {"action": ..., "params": {...}, "product_ids": [ids]}."""
    if not isinstance(params, dict):
        params = {}
    action = params.get("action")
    cleaned = services.bulk_validate(store=store, action=action, params=params.get("params", {}))
    ids = params.get("product_ids")
    ids = [services.bulk_id(pk) for pk in ids] if isinstance(ids, list) else []
    if not ids or None in ids:
        raise ValidationFailed(
            _("Select at least one product."),
            code=CatalogErrorCode.BULK_ACTION_INVALID,
            fields={"product_ids": [_("Select at least one product.")]},
        )
    return {"action": action, "params": cleaned, "product_ids": ids}


def bulk_products(ctx: JobContext) -> dict[str, Any]:
    """Apply a bulk action batch by batch. Each batch and its record on the job commit together,
    so a resumed or repeated run skips the batches already applied and never applies one twice
    (a price change applied twice would compound). A batch's record says how many products it
    changed and, line by line, which it could not (services.BulkApplied); the job's result sums
    them up: {"changed": n, "problems": [...]} (problems only when there are some)."""
    ids = list(ctx.params["product_ids"])
    for start in range(0, len(ids), BATCH):
        key = f"{start}:{start + BATCH}"
        if key in ctx.done_items:
            continue
        if ctx.cancelled():
            break
        batch = ids[start : start + BATCH]
        with transaction.atomic():
            applied = services.bulk_apply(
                store=ctx.store,
                actor=ctx.actor,
                action=ctx.params["action"],
                params=ctx.params["params"],
                product_ids=batch,
            )
            ctx.item_done(key, applied.as_item(), step=len(batch))
    return _summary(ctx.done_items)


def _summary(items: Mapping[str, Any]) -> dict[str, Any]:
    """The job's result from its batches' records, in the order of the batches."""
    changed, problems = 0, []
    for _key, item in sorted(items.items(), key=lambda pair: int(pair[0].split(":")[0])):
        if isinstance(item, int):  # recorded before batches listed their problems
            changed += item
        else:
            changed += item.get("changed", 0)
            problems += item.get("problems", [])
    return {"changed": changed, **({"problems": problems} if problems else {})}
