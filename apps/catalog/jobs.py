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
    """Apply a bulk action batch by batch. Each batch commits together with the record, product by
    product, of what it did (True: applied; a readable line: left unchanged, and why), so a resumed
    or repeated run (after a worker died, or after the run's turn ended) skips those products and
    never changes one twice (a price change applied twice would compound). The result sums the
    records up: {"changed": n, "problems": [...]} (problems only when there are some)."""
    todo = [pk for pk in ctx.params["product_ids"] if str(pk) not in ctx.done_items]
    for start in range(0, len(todo), BATCH):
        if ctx.checkpoint():
            break
        batch = todo[start : start + BATCH]
        with transaction.atomic():
            applied = services.bulk_apply(
                store=ctx.store,
                actor=ctx.actor,
                action=ctx.params["action"],
                params=ctx.params["params"],
                product_ids=batch,
            )
            ctx.items_done({pk: applied.problems.get(pk, True) for pk in batch})
    return _summary(ctx.params["product_ids"], ctx.done_items)


def _summary(product_ids: list[int], items: Mapping[str, Any]) -> dict[str, Any]:
    """The job's result from its products' records, in the order the products were chosen."""
    records = [items[str(pk)] for pk in product_ids if str(pk) in items]
    problems = [record for record in records if isinstance(record, str)]
    changed = len(records) - len(problems)
    return {"changed": changed, **({"problems": problems} if problems else {})}
