"""Queueing background work. Tasks run in the schema they were queued from and only once the
transaction that asked for them has committed (so they never see rows that were rolled back)."""

from __future__ import annotations

from typing import Any

from celery import current_app
from django.db import connection, transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    schema = connection.schema_name
    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema}))


def task_send_on_commit(name: str, *args: Any) -> None:
    """Queue the Celery task called `name` (its dotted path) with `args` once the transaction
    commits, to run in the schema of this connection. By name, because tasks call services:
    services never import tasks. Where tasks run eagerly (tests, development without a worker) it
    runs at once, in this process, which first loads every app's tasks as a worker does when it
    starts; elsewhere it goes to the broker."""
    schema = connection.schema_name

    def send() -> None:
        if current_app.conf.task_always_eager and name not in current_app.tasks:
            current_app.loader.import_default_modules()
        current_app.signature(name, args=args).apply_async(headers={"_schema_name": schema})

    transaction.on_commit(send)
