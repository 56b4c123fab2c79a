"""Queueing background work. Tasks run in the schema they were queued from and only once the
transaction that asked for them has committed (so they never see rows that were rolled back)."""

from __future__ import annotations

from django.db import connection, transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    schema = connection.schema_name
    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema}))
