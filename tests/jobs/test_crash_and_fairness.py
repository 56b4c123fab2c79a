"""A worker that dies in the middle of a job, and merchants taking turns on the bulk queue.

The broker is played by a list: sent tasks are recorded instead of run, and `drain` hands them to
"workers" in order, the way Redis hands out a queue. A worker dying is an exception that the
runner does not catch (it ends the process): the row stays running, what was committed stays."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from celery import current_app
from django.test import TestCase
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.catalog import jobs as catalog_jobs
from apps.catalog import services as catalog_services
from apps.catalog.models import Product
from apps.jobs.models import Job
from apps.jobs.runner import job_execute
from apps.jobs.services import JOB_RUN_TASK, job_queue, job_sweep
from tests.catalog.store_api import make_product
from tests.testapp import jobs as labs_jobs


class WorkerDied(BaseException):
    """kill -9: nothing in the process gets to handle it."""


@pytest.fixture(autouse=True)
def _fresh_labs():
    labs_jobs.APPLIED.clear()
    labs_jobs.OBSERVED.clear()


@pytest.fixture
def broker(monkeypatch):
    """The job_run messages sent, in order: (schema, job id, queue, countdown); none runs."""
    messages: list[tuple[str, int, str, float | None]] = []
    task = current_app.tasks[JOB_RUN_TASK]

    def record(*args, **options):
        schema = options["headers"]["_schema_name"]
        messages.append((schema, options["args"][0], options["queue"], options["countdown"]))

    monkeypatch.setattr(task, "apply_async", record)
    return messages


@pytest.fixture
def workers():
    """Tasks are not run eagerly: the per-merchant limit applies (there is a queue to wait in)."""
    conf = current_app.conf
    eager = conf.task_always_eager
    conf.task_always_eager = False
    yield
    conf.task_always_eager = eager


def drain(broker: list, *, limit: int = 100) -> list[tuple[str, int]]:
    """Run the queued messages one by one, first in first out, as one worker would; returns
    (schema, job id) in the order they ran. Messages the runs send go to the back."""
    ran = []
    while broker and limit:
        schema, job_id, _queue, _countdown = broker.pop(0)
        with schema_context(schema), committed():
            job_execute(job_id=job_id)
        ran.append((schema, job_id))
        limit -= 1
    return ran


def committed():
    """What a transaction does once it commits (tests run inside one that never does)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def queue_echo(tenant, items, kind="labs.bulk_echo"):
    with tenant, committed():
        return job_queue(store=tenant.store, kind=kind, params={"items": items}, label="Echo", total=len(items))


# --- A worker that dies mid-job -------------------------------------------------------------------


def test_bulk_price_change_resumed_after_a_worker_died_changes_each_product_once(
    tenant_a, django_capture_on_commit_callbacks, monkeypatch, broker
):
    # given 7 products at 10.00 and a +10 % price change, applied 2 products per batch
    monkeypatch.setattr(catalog_jobs, "BATCH", 2)
    products = [make_product(tenant_a, f"CR-{n}", price="10.00") for n in range(7)]
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        job = catalog_services.bulk_queue(
            store=tenant_a.store,
            actor=None,
            action="price_percent",
            params={"percent": "10"},
            product_ids=[p.pk for p in products],
        )
    assert len(broker) == 1

    # when the worker dies inside the third batch, after its prices were written
    original = catalog_services.bulk_apply
    calls = []

    def dying_apply(**kwargs):
        calls.append(kwargs["product_ids"])
        changed = original(**kwargs)
        if len(calls) == 3:
            raise WorkerDied
        return changed

    monkeypatch.setattr(catalog_services, "bulk_apply", dying_apply)
    with pytest.raises(WorkerDied):
        drain(broker)
    with tenant_a:
        job.refresh_from_db()
        # then the job is left running, with the two committed batches recorded product by product
        assert (job.status, job.done, job.attempts) == ("running", 4, 1)
        assert sorted(job.items) == sorted(str(p.pk) for p in products[:4])
        # and the third batch was rolled back with the record of it: nothing half-applied
        assert Product.objects.get(pk=products[4].pk).price == Decimal("10.00")

        # when the sweep finds its heartbeat stopped, and the job runs again
        with django_capture_on_commit_callbacks(execute=True):
            report = job_sweep(now=timezone.now() + timedelta(hours=1))
    assert report.requeued == 1
    monkeypatch.setattr(catalog_services, "bulk_apply", original)
    drain(broker)

    # then it finished, and every product changed exactly once
    with tenant_a:
        job.refresh_from_db()
        assert (job.status, job.done, job.total, job.attempts) == ("done", 7, 7, 2)
        assert job.result == {"changed": 7}
        prices = set(Product.objects.filter(pk__in=[p.pk for p in products]).values_list("price", flat=True))
        assert prices == {Decimal("11.00")}


def test_a_repeated_message_for_a_finished_job_changes_nothing(tenant_a, django_capture_on_commit_callbacks, broker):
    product = make_product(tenant_a, "CR-R", price="10.00")
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        job = catalog_services.bulk_queue(
            store=tenant_a.store, actor=None, action="price_percent", params={"percent": "10"}, product_ids=[product.pk]
        )
    duplicate = list(broker)
    drain(broker)
    broker.extend(duplicate)  # the broker hands the same message out again (late ack, worker lost)
    drain(broker)
    with tenant_a:
        assert Product.objects.get(pk=product.pk).price == Decimal("11.00")
        job.refresh_from_db()
        assert (job.status, job.attempts) == ("done", 1)


# --- Turns ----------------------------------------------------------------------------------------


def test_a_long_job_hands_its_slot_back_between_items_and_resumes(tenant_a, settings, broker):
    # given turns so short that a run does one item, then queues the job again
    settings.JOBS_TURN_SECONDS = 0
    job = queue_echo(tenant_a, ["a", "b", "c"])

    ran = drain(broker)

    with tenant_a:
        job.refresh_from_db()
    assert len(ran) == 3  # three turns, one item each
    assert (job.status, job.done, job.result) == ("done", 3, {"echoed": 3})
    assert job.attempts == 1  # turns handed back are not attempts
    assert labs_jobs.APPLIED == ["a", "b", "c"]


def test_merchants_take_turns_on_the_bulk_queue(tenant_a, tenant_b, settings, broker):
    # given merchant A's big job queued before merchant B's small one
    settings.JOBS_TURN_SECONDS = 0
    big = queue_echo(tenant_a, ["a1", "a2", "a3", "a4"])
    small = queue_echo(tenant_b, ["b1"])

    # when one worker takes the queue in order
    drain(broker)

    # then B's job ran after A's first turn, not after all of A's
    assert labs_jobs.APPLIED == ["a1", "b1", "a2", "a3", "a4"]
    for tenant, job in ((tenant_a, big), (tenant_b, small)):
        with tenant:
            assert Job.objects.get(pk=job.pk).status == "done"


def test_a_merchant_runs_one_bulk_job_at_a_time_and_waits_for_a_free_slot(tenant_a, settings, broker, workers):
    # given merchant A with a bulk job running (alive) and a second one queued
    settings.JOBS_BULK_PER_MERCHANT = 1
    running = queue_echo(tenant_a, ["x"])
    with tenant_a:
        Job.objects.filter(pk=running.pk).update(status=Job.Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    broker.clear()
    second = queue_echo(tenant_a, ["y"])

    # when a worker takes the second: it leaves it queued and asks again a little later
    drain(broker, limit=1)
    with tenant_a:
        second.refresh_from_db()
    assert (second.status, second.attempts) == ("queued", 0)
    assert [(job_id, queue, countdown) for _s, job_id, queue, countdown in broker] == [
        (second.pk, "bulk", settings.JOBS_DEFER_SECONDS)
    ]
    assert labs_jobs.APPLIED == []

    # when the first has finished, the second runs
    with tenant_a:
        Job.objects.filter(pk=running.pk).update(status=Job.Status.DONE, heartbeat_at=None)
    drain(broker)
    with tenant_a:
        assert Job.objects.get(pk=second.pk).status == "done"
    assert labs_jobs.APPLIED == ["y"]


def test_a_dead_run_does_not_hold_its_merchants_slot(tenant_a, broker, workers):
    # a running job whose heartbeat stopped long ago (its worker died) does not count
    dead = queue_echo(tenant_a, ["x"])
    with tenant_a:
        Job.objects.filter(pk=dead.pk).update(
            status=Job.Status.RUNNING, attempts=1, heartbeat_at=timezone.now() - timedelta(hours=1)
        )
    broker.clear()
    queue_echo(tenant_a, ["y"])
    drain(broker)
    assert labs_jobs.APPLIED == ["y"]


def test_small_and_interactive_jobs_are_not_held_by_the_bulk_limit(tenant_a, broker, workers):
    running = queue_echo(tenant_a, ["x"])
    with tenant_a:
        Job.objects.filter(pk=running.pk).update(status=Job.Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    broker.clear()
    queue_echo(tenant_a, ["y"], kind="labs.echo")  # the interactive queue
    assert [queue for *_rest, queue, _countdown in broker] == ["interactive"]
    drain(broker)
    assert labs_jobs.APPLIED == ["y"]
