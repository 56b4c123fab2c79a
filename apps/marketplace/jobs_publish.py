"""The "marketplace.publish" job: publish many staging products into the catalog, batch by batch,
run by the jobs runner (declared in MarketplaceConfig). Each batch commits together with the
record of what it published, so a resumed run never publishes a staging product twice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed
from apps.jobs.runner import JobContext
from apps.jobs.services import job_queue

from .errors import MarketplaceErrorCode
from .models import StagingProduct
from .selectors import staging_ids_parse
from .services.publish import staging_publish

KIND = "marketplace.publish"
BATCH = 100


def publish_params(*, store, params: dict[str, Any]) -> dict[str, Any]:
    """{"staging_ids": [ids]}: the store's staging products among them, at least one."""
    wanted = staging_ids_parse(params.get("staging_ids") if isinstance(params, dict) else None)
    ids = sorted(StagingProduct.objects.filter(store_id=store.id, pk__in=list(wanted)).values_list("pk", flat=True))
    if not ids:
        raise ValidationFailed(
            _("Select at least one product."),
            code=MarketplaceErrorCode.SELECTION_EMPTY,
            fields={"staging_ids": [_("Select at least one product.")]},
        )
    return {"staging_ids": ids}


def publish_queue(*, store, actor, staging_ids: list[int]):
    """Queue a publish job over these staging products; the job."""
    with transaction.atomic():
        params = publish_params(store=store, params={"staging_ids": staging_ids})
        count = len(params["staging_ids"])
        label = ngettext("Publish %(count)d product", "Publish %(count)d products", count) % {"count": count}
        job = job_queue(store=store, kind=KIND, params=params, actor=actor, label=label, total=count)
        audit_record(actor=actor, action="marketplace.publish_queue", target=label, store=store, data={"job": job.pk})
    return job


def publish(ctx: JobContext) -> dict[str, Any]:
    """Publish batch by batch; each batch's record (True, or why it was left out) commits with it."""
    todo = [pk for pk in ctx.params["staging_ids"] if str(pk) not in ctx.done_items]
    for start in range(0, len(todo), BATCH):
        if ctx.checkpoint():
            break
        batch = todo[start : start + BATCH]
        with transaction.atomic():
            result = staging_publish(store=ctx.store, actor=ctx.actor, staging_ids=batch)
            ctx.items_done({pk: result.problems.get(pk, True) for pk in batch})
    return _summary(ctx.params["staging_ids"], ctx.done_items)


def _summary(ids: list[int], items: Mapping[str, Any]) -> dict[str, Any]:
    records = [items[str(pk)] for pk in ids if str(pk) in items]
    problems = [record for record in records if isinstance(record, str)]
    return {"published": len(records) - len(problems), **({"problems": problems[:50]} if problems else {})}
