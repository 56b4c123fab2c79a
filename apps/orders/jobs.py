"""Orders job handlers, run by the jobs runner (apps.jobs) as declared in OrdersConfig. They take
the job's context and call the orders services; they never touch the job row themselves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ValidationFailed
from apps.core.numbers import NotANumber, parse_integer
from apps.jobs.runner import JobContext

from . import services
from .models import Order

BULK_FULFIL_MAX = 500


def _order_id(value: object) -> int | None:
    try:
        number = parse_integer(value)
    except NotANumber:
        return None
    return number if 0 < number < 2**63 else None


def bulk_fulfil_params(*, store, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters of an "orders.bulk_fulfil" job, checked and normalised:
    {"order_ids": [ids of the store's orders], "notify_customer": bool}."""
    if not isinstance(params, dict):
        params = {}
    raw = params.get("order_ids")
    ids = [_order_id(value) for value in raw] if isinstance(raw, list) else []
    if not ids or None in ids:
        message = _("Select at least one order.")
        raise ValidationFailed(message, fields={"order_ids": [message]})
    if len(ids) > BULK_FULFIL_MAX:
        message = _("Select at most %(max)d orders at once.") % {"max": BULK_FULFIL_MAX}
        raise ValidationFailed(message, fields={"order_ids": [message]})
    wanted = sorted(set(ids))
    found = set(Order.objects.filter(store_id=store.id, pk__in=wanted).values_list("pk", flat=True))
    if len(found) != len(wanted):
        message = _("Some of the selected orders are not orders of this store.")
        raise ValidationFailed(message, fields={"order_ids": [message]})
    return {"order_ids": wanted, "notify_customer": params.get("notify_customer") is not False}


def bulk_fulfil(ctx: JobContext) -> dict[str, Any]:
    """Fulfil everything still unfulfilled on each order, one order per transaction together with
    the record of what it did (True: fulfilled; a readable line: left as it was, and why), so a
    resumed or repeated run skips those orders and never fulfils one twice."""
    ids = ctx.params["order_ids"]
    for pk in ids:
        if str(pk) in ctx.done_items:
            continue
        if ctx.checkpoint():
            break
        with transaction.atomic():
            ctx.item_done(pk, _fulfil_one(ctx, pk))
    return _summary(ids, ctx.done_items)


def _fulfil_one(ctx: JobContext, pk: int) -> bool | str:
    try:
        services.fulfilment_create(
            store=ctx.store, order_id=pk, actor=ctx.actor, notify_customer=ctx.params["notify_customer"]
        )
    except ApplicationError as error:
        number = Order.objects.filter(store_id=ctx.store.id, pk=pk).values_list("number", flat=True).first()
        return f"{number or pk}: {error.message}"
    return True


def _summary(order_ids: list[int], items: Mapping[str, Any]) -> dict[str, Any]:
    records = [items[str(pk)] for pk in order_ids if str(pk) in items]
    problems = [record for record in records if isinstance(record, str)]
    return {"changed": len(records) - len(problems), **({"problems": problems} if problems else {})}
