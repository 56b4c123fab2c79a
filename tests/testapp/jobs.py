"""A job kind of the labs module, to test the jobs runner without the catalog. Its parameters
script what the handler does: which items it applies, when it fails and how, when a merchant
cancels it. What it applied is appended to APPLIED, so tests can see an item applied twice."""

from __future__ import annotations

from typing import Any

from django.db import OperationalError, transaction

from apps.core.errors import ValidationFailed
from apps.jobs.models import Job
from apps.jobs.runner import JobContext, RetryableJobError
from apps.jobs.services import job_cancel

APPLIED: list[str] = []
# (done, total) as the database holds them after each item
OBSERVED: list[tuple[int, int]] = []

FAILURES = {
    "retryable": lambda: RetryableJobError("remote down"),
    "oserror": lambda: ConnectionResetError(104, "Connection reset by peer"),
    "db": lambda: OperationalError("server closed the connection unexpectedly"),
    "application": lambda: ValidationFailed("The labs are closed today."),
    "crash": lambda: RuntimeError("secret internals: password=hunter2 at /srv/app.py:42"),
}


def echo_params(*, store, params: dict[str, Any]) -> dict[str, Any]:
    items = params.get("items")
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ValidationFailed("Give the items as a list of names.", fields={"items": ["A list of names."]})
    return {**params, "items": items, "store_code": store.code}


def echo(ctx: JobContext) -> dict[str, Any]:
    params = ctx.params
    fail = params.get("fail") or {}
    if not ctx.total:
        ctx.set_total(len(params["items"]))
    for index, item in enumerate(params["items"]):
        if item in ctx.done_items:
            continue
        if ctx.checkpoint():
            break
        if fail and index == fail.get("at", 0) and ctx.attempt <= fail.get("times", 99):
            raise FAILURES[fail["kind"]]()
        with transaction.atomic():
            APPLIED.append(item)
            ctx.item_done(item, item.upper())
        OBSERVED.append(tuple(Job.objects.filter(pk=ctx.job_id).values_list("done", "total").get()))
        if params.get("cancel_after") == index + 1:  # the merchant presses "cancel" now
            job_cancel(store=ctx.store, job_id=ctx.job_id, actor=None)
        if params.get("taken_over_after") == index + 1:  # the sweep gave the job to another run
            Job.objects.filter(pk=ctx.job_id).update(attempts=ctx.attempt + 1)
    return {"echoed": len(ctx.done_items)}
