"""Background work: every task has its lane, the broker's settings fit the tasks, and a task
queued "once" holds one place in the queue."""

from __future__ import annotations

import pytest
from celery import current_app
from django.conf import settings
from django.test import TestCase

from apps.core.background import task_queued, task_send_once_on_commit, task_started
from apps.core.modules import JobQueue, registry

QUEUES = {queue.name for queue in settings.CELERY_TASK_QUEUES}


def project_tasks() -> dict:
    current_app.loader.import_default_modules()  # every app's tasks, as a worker loads them
    return {name: task for name, task in current_app.tasks.items() if not name.startswith("celery.")}


def test_the_lanes_are_the_queues():
    assert {str(queue) for queue in JobQueue} == QUEUES


def test_every_task_is_routed_to_a_lane_by_name():
    tasks = project_tasks()
    assert "apps.jobs.tasks.job_run" in tasks and "apps.catalog.tasks.renditions_run" in tasks
    unrouted = sorted(set(tasks) - set(settings.CELERY_TASK_ROUTES))
    assert unrouted == [], f"route these tasks in CELERY_TASK_ROUTES (config/settings/background.py): {unrouted}"
    assert {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} <= QUEUES
    assert set(settings.CELERY_TASK_ROUTES) <= set(tasks), "a route names a task that does not exist"


def test_e_mails_and_sweeps_are_interactive_renditions_bulk():
    routes = {name: route["queue"] for name, route in settings.CELERY_TASK_ROUTES.items()}
    assert routes["apps.onboarding.tasks.welcome_send"] == "interactive"
    assert routes["apps.accounts.tasks.invitation_send"] == "interactive"
    assert routes["apps.jobs.tasks.jobs_sweep"] == routes["apps.catalog.tasks.renditions_sweep"] == "interactive"
    assert routes["apps.catalog.tasks.renditions_run"] == "bulk"


def test_every_job_kind_runs_on_a_lane():
    kinds = [kind for module in registry.all() for kind in module.jobs.values()]
    assert kinds
    assert {str(kind.queue_for(total=total)) for kind in kinds for total in (0, 1, 10**6)} <= QUEUES


def test_every_periodic_task_exists():
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(project_tasks())
    assert {"apps.jobs.tasks.jobs_sweep", "apps.catalog.tasks.renditions_sweep"} <= {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_tasks_are_acknowledged_once_run_and_given_back_when_their_worker_dies():
    for name, task in project_tasks().items():
        assert task.acks_late, name
        assert task.reject_on_worker_lost, name


def test_the_visibility_timeout_fits_the_tasks():
    """Redis hands an unacknowledged task out again after the visibility timeout: it must outlast
    the longest countdown a task waits (unacknowledged) plus the longest run, or tasks run twice."""
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    limit = settings.CELERY_TASK_TIME_LIMIT  # no run lasts longer
    assert timeout > settings.CELERY_RETRY_BACKOFF_MAX + limit
    assert settings.JOBS_RETRY_BACKOFF_MAX <= settings.CELERY_RETRY_BACKOFF_MAX
    for name, task in project_tasks().items():
        if getattr(task, "autoretry_for", ()):
            # (Celery's autoretry backs off up to 600 s unless the task says otherwise)
            assert getattr(task, "retry_backoff_max", 600) <= settings.CELERY_RETRY_BACKOFF_MAX, name
    # a run that is alive is never taken for dead: it cannot stay silent longer than it may run
    assert min(settings.JOBS_HEARTBEAT_TIMEOUT, settings.RENDITIONS_LEASE) > limit
    # turns end well before a run is stopped
    assert max(settings.JOBS_TURN_SECONDS, settings.RENDITIONS_TURN_SECONDS) * 5 < limit
    # the worker that takes bulk and backfill takes backfill only while bulk is empty
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["queue_order_strategy"] == "priority"


@pytest.mark.django_db
def test_a_task_sent_once_holds_one_place_until_it_starts(monkeypatch):
    sent = []
    task = project_tasks()["apps.catalog.tasks.renditions_run"]
    monkeypatch.setattr(task, "apply_async", lambda args=None, kwargs=None, **options: sent.append(options["queue"]))

    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(3):
            task_send_once_on_commit("apps.catalog.tasks.renditions_run", "bulk", key="k", queue="bulk")
    assert sent == ["bulk"] and task_queued("k")

    task_started("k")  # the run starts: what is added from now on queues the next one
    assert not task_queued("k")
    with TestCase.captureOnCommitCallbacks(execute=True):
        task_send_once_on_commit("apps.catalog.tasks.renditions_run", "bulk", key="k", queue="bulk")
    assert sent == ["bulk", "bulk"]


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(monkeypatch):
    sent = []
    task = project_tasks()["apps.catalog.tasks.renditions_run"]
    monkeypatch.setattr(task, "apply_async", lambda *args, **options: sent.append(options))
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        task_send_once_on_commit("apps.catalog.tasks.renditions_run", "bulk", key="k", queue="bulk")
    assert len(callbacks) == 1 and sent == [] and not task_queued("k")
