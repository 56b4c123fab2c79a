"""Queueing background work. Tasks run in the schema they were queued from and only once the
transaction that asked for them has committed (so they never see rows that were rolled back).
Every task has a queue in CELERY_TASK_ROUTES (settings); `queue=` sends one elsewhere."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from celery import current_app
from django.core.cache import cache
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

logger = logging.getLogger(__name__)

T = TypeVar("T")

# How long a "queued" mark of task_send_once_on_commit() holds: past it, the message is taken for
# lost and the next call sends another one.
QUEUED_MARK_SECONDS = 600


def _send(name: str, args: tuple, *, schema: str, queue: str | None) -> None:
    if current_app.conf.task_always_eager and name not in current_app.tasks:
        current_app.loader.import_default_modules()
    options: dict[str, Any] = {"headers": {"_schema_name": schema}}
    if queue:
        options["queue"] = queue
    current_app.signature(name, args=args).apply_async(**options)


def task_send_on_commit(name: str, *args: Any, queue: str | None = None) -> None:
    """Queue the Celery task called `name` (its dotted path) with `args` once the transaction
    commits, to run in the schema of this connection, on its routed queue or `queue`. By name,
    because tasks call services: services never import tasks. Where tasks run eagerly (tests,
    development without a worker) it runs at once, in this process, which first loads every app's
    tasks as a worker does when it starts; elsewhere it goes to the broker."""
    schema = connection.schema_name
    transaction.on_commit(lambda: _send(name, args, schema=schema, queue=queue))


def _mark(key: str) -> str:
    return f"background:queued:{key}"


def task_send_once_on_commit(name: str, *args: Any, key: str, queue: str) -> None:
    """task_send_on_commit(), unless a message sent under `key` in this schema still waits for a
    worker. For a task that does all the waiting work of its schema, in turns: a merchant then holds
    one place in the queue however much they add, so others' work is taken in between. The task
    calls task_started(key) before it looks for work, so what is added meanwhile queues it again.
    If the mark or the message cannot be written, a sweep must send it later (logged, not raised:
    the caller's change is committed already)."""
    schema = connection.schema_name

    def send() -> None:
        try:
            with schema_context(schema):
                if cache.add(_mark(key), 1, QUEUED_MARK_SECONDS):
                    _send(name, args, schema=schema, queue=queue)
        except Exception:
            logger.exception("could not queue %s (%s) in %s; its sweep will", name, key, schema)

    transaction.on_commit(send)


def task_queued(key: str) -> bool:
    """Whether a message sent under `key` by task_send_once_on_commit() in this schema waits."""
    return cache.get(_mark(key)) is not None


def task_started(key: str) -> None:
    """Called by a task sent under `key` as it starts: the next call sends a new message."""
    cache.delete(_mark(key))


def for_each_merchant_schema(work: Callable[[], T]) -> Iterator[tuple[str, T]]:
    """Run `work` in every merchant's schema (beat's sweeps start in the public schema), yielding
    (schema, result). A schema where it fails is logged and skipped: one broken schema must not stop
    the work in the others."""
    schemas = get_tenant_model().objects.exclude(schema_name=get_public_schema_name())
    for schema in schemas.values_list("schema_name", flat=True).order_by("schema_name").iterator():
        try:
            with schema_context(schema):
                result = work()
        except Exception:
            logger.exception("%s failed in %s", getattr(work, "__name__", work), schema)
            continue
        yield schema, result
