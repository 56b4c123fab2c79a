"""Keeps the platform's programme directory current: a programme change refreshes the merchant's
row soon after it commits (beat refreshes every row hourly and nightly as well)."""

from __future__ import annotations

from django.dispatch import receiver

from apps.core.background import task_send_on_commit

from .signals import program_changed

DIRECTORY_TASK = "apps.loyalty.tasks.program_directory_refresh"


@receiver(program_changed, dispatch_uid="loyalty.directory_on_program_change")
def directory_on_program_change(merchant_id: int, **kwargs) -> None:
    task_send_on_commit(DIRECTORY_TASK, merchant_id)
