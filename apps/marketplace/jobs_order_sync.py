"""The historical import of a store's Letzshop orders, a jobs-runner job ("marketplace.order_history",
declared in MarketplaceConfig): confirmed shipments first, then unconfirmed ones, page by page.

Each page is recorded together with the orders it made, in one transaction, as a job item
("confirmed:00003" -> {"cursor", "has_next", "fetched", "created", "newest", "problems"}): a run
killed half-way, or handed back after its turn, carries on after the last finished page, and a
page is never imported twice. Letzshop's passing failures (rate limits, outages) queue the job
again (RetryableJobError); a refused key fails it with Letzshop's plain message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from apps.core.errors import ValidationFailed
from apps.jobs.runner import JobContext, RetryableJobError

from .letzshop import operations
from .letzshop.client import LetzshopError
from .services import order_sync

PHASES = ("confirmed", "unconfirmed")


def order_history_params(*, store, params: dict[str, Any]) -> dict[str, Any]:
    """The job takes no parameters; the store must be connected (ValidationFailed otherwise)."""
    del params
    order_sync.sync_api_key(order_sync.sync_connection(store=store))
    return {}


def _pages(ctx: JobContext, phase: str) -> list[dict]:
    keys = sorted(key for key in ctx.done_items if key.startswith(f"{phase}:"))
    return [ctx.done_items[key] for key in keys]


def _fetch(*, api_key: str, phase: str, after: str | None) -> operations.ShipmentPage:
    try:
        return operations.shipments_page(api_key=api_key, state=phase, after=after, first=settings.LETZSHOP_PAGE_SIZE)
    except LetzshopError as error:
        if error.retryable:
            raise RetryableJobError(error.message) from error
        raise order_sync.letzshop_failure(error) from error


def _counts(ctx: JobContext) -> tuple[int, int]:
    pages = [page for page in ctx.done_items.values() if isinstance(page, dict)]
    return sum(page.get("fetched", 0) for page in pages), sum(page.get("created", 0) for page in pages)


def _phase(ctx: JobContext, *, api_key: str, phase: str) -> bool:
    """Import the pages of one phase not imported yet; False when the job was cancelled."""
    pages = _pages(ctx, phase)
    if pages and not pages[-1].get("has_next"):
        return True
    after = pages[-1].get("cursor") if pages else None
    number = len(pages)
    while True:
        if ctx.checkpoint():
            return False
        page = _fetch(api_key=api_key, phase=phase, after=after)
        fetched, _created = _counts(ctx)
        more = page.has_next or phase != PHASES[-1]
        ctx.set_total(fetched + len(page.nodes) + (settings.LETZSHOP_PAGE_SIZE if more else 0))
        with transaction.atomic():
            created, problems = order_sync.shipments_import(store=ctx.store, nodes=page.nodes, notify=False)
            record = {
                "cursor": page.end_cursor,
                "has_next": bool(page.has_next and page.end_cursor),
                "fetched": len(page.nodes),
                "created": created,
                "newest": order_sync.newest_of(page.nodes),
                "problems": problems[:20],
            }
            ctx.item_done(f"{phase}:{number:05d}", record, step=len(page.nodes))
        if not record["has_next"]:
            return True
        after, number = page.end_cursor, number + 1


def order_history(ctx: JobContext) -> dict[str, Any]:
    api_key = order_sync.sync_api_key(order_sync.sync_connection(store=ctx.store))
    try:
        finished = all(_phase(ctx, api_key=api_key, phase=phase) for phase in PHASES)
    except ValidationFailed as error:  # Letzshop refused: the connection says so too
        order_sync.sync_health_record(store=ctx.store, error=error.message)
        raise
    fetched, created = _counts(ctx)
    pages = [page for page in ctx.done_items.values() if isinstance(page, dict)]
    newest = max([""] + [str(page.get("newest") or "") for page in pages])
    problems = [line for page in pages for line in page.get("problems", [])]
    if finished:
        ctx.set_total(fetched)
        order_sync.sync_health_record(store=ctx.store, cursor=newest, history_done=True)
    return {"shipments_fetched": fetched, "orders_created": created, **({"problems": problems} if problems else {})}
