"""The "print packing slips" bulk action: a job (apps.jobs, declared in OrdersConfig) that reads
the chosen orders in batches, reporting progress, and stores one PDF with all their packing slips
under the merchant's prefix of the file storage; the job's page offers it for download."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from apps.core.errors import ValidationFailed
from apps.core.numbers import NotANumber, parse_integer
from apps.core.storage import tenant_prefix
from apps.jobs.runner import JobContext

from ..models import Order
from .pdf import packing_slips_pdf
from .selectors import packing_slips

KIND = "orders.packing_slips"
BATCH = 50
MAX_ORDERS = 500
FOLDER = "orders/packing-slips"


def _ids(raw: Any) -> list[int]:
    if not isinstance(raw, list):
        return []
    ids = []
    for value in raw:
        try:
            ids.append(parse_integer(value))
        except NotANumber:
            return []
    return list(dict.fromkeys(pk for pk in ids if 0 < pk < 2**63))


def packing_slips_params(*, store, params: dict[str, Any]) -> dict[str, Any]:
    """{"order_ids": [ids]}: orders of the store, at least one and at most MAX_ORDERS."""
    ids = _ids(params.get("order_ids") if isinstance(params, dict) else None)
    if len(ids) > MAX_ORDERS:
        message = _("Print at most %(max)d packing slips at once.") % {"max": MAX_ORDERS}
        raise ValidationFailed(message, fields={"order_ids": [message]})
    known = set(Order.objects.filter(store_id=store.id, pk__in=ids).values_list("pk", flat=True))
    ids = [pk for pk in ids if pk in known]
    if not ids:
        message = _("Select at least one order.")
        raise ValidationFailed(message, fields={"order_ids": [message]})
    return {"order_ids": ids}


def packing_slips_job(ctx: JobContext) -> dict[str, Any]:
    """Read the orders batch by batch (progress after each), then write the one PDF. A resumed run
    reads them again: nothing is changed, so nothing is done twice."""
    ids = ctx.params["order_ids"]
    ctx.set_total(len(ids))
    slips = []
    for start in range(0, len(ids), BATCH):
        if ctx.checkpoint():
            return {"orders": len(slips)}
        batch = packing_slips(store=ctx.store, order_ids=ids[start : start + BATCH])
        slips += batch
        key = f"batch-{start}"
        if key not in ctx.done_items:
            ctx.item_done(key, len(batch), step=len(ids[start : start + BATCH]))
    pdf = packing_slips_pdf(slips, store_name=ctx.store.name)
    # under the merchant's prefix (Storage.save() does not add it; FileFields do)
    name = default_storage.save(
        f"{tenant_prefix()}/{FOLDER}/job-{ctx.job_id}-{secrets.token_hex(8)}.pdf", ContentFile(pdf)
    )
    return {"orders": len(slips), "file": name, "size": len(pdf)}
