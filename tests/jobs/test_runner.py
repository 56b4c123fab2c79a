"""The jobs runner, through the labs module's "labs.echo" job (tests/testapp/jobs.py): queueing,
progress, retries, failures, cancellation, the sweep, and runs that never apply an item twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from apps.catalog import services as catalog_services
from apps.core.errors import ValidationFailed
from apps.core.modules import registry
from apps.jobs import runner, services
from apps.jobs.models import Job
from apps.jobs.runner import job_retry_delay
from apps.jobs.services import JOB_RUN_TASK, job_cancel, job_queue, job_sweep
from apps.jobs.tasks import jobs_sweep
from tests.catalog.store_api import make_product
from tests.testapp import jobs as labs_jobs

KIND = "labs.echo"


@pytest.fixture(autouse=True)
def _fresh_labs():
    labs_jobs.APPLIED.clear()
    labs_jobs.OBSERVED.clear()


@pytest.fixture
def sent(monkeypatch):
    """The options of every job_run task sent (it still runs, eagerly)."""
    from celery import current_app

    task = current_app.tasks[JOB_RUN_TASK]
    calls: list[dict] = []
    original = task.apply_async

    def spy(*args, **options):
        calls.append({"args": options.get("args"), **options})
        return original(*args, **options)

    monkeypatch.setattr(task, "apply_async", spy)
    return calls


def queue(tenant, capture, execute=True, **params):
    params.setdefault("items", ["a", "b", "c"])
    with tenant, capture(execute=execute):
        job = job_queue(store=tenant.store, kind=KIND, params=params, label="Echo", actor=tenant.owner())
    with tenant:
        job.refresh_from_db()
    return job


# --- Queueing -------------------------------------------------------------------------------------


def test_queue_validates_params_before_storing_anything(tenant_a, django_capture_on_commit_callbacks, sent):
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationFailed) as error:
            job_queue(store=tenant_a.store, kind=KIND, params={"items": "not a list"})
        assert error.value.fields == {"items": ["A list of names."]}
        with pytest.raises(KeyError):
            job_queue(store=tenant_a.store, kind="labs.unknown", params={})
        assert not Job.objects.exists()
    assert sent == []


def test_queued_job_runs_its_declared_handler_in_its_schema(tenant_a, django_capture_on_commit_callbacks, sent):
    # when a job is queued
    job = queue(tenant_a, django_capture_on_commit_callbacks)

    # then one task was sent, to the kind's queue, carrying the merchant's schema, and it ran
    assert [(call["args"], call["queue"], call["headers"]) for call in sent] == [
        ((job.pk,), "interactive", {"_schema_name": tenant_a.merchant.schema_name})
    ]
    assert (job.status, job.done, job.total, job.attempts) == ("done", 3, 3, 1)
    assert job.result == {"echoed": 3}
    assert job.items == {"a": "A", "b": "B", "c": "C"}
    assert job.params["store_code"] == "ALPHA"  # what the validator returned is what is stored
    assert job.finished_at and job.sent_at and job.heartbeat_at is None and job.error == ""
    assert labs_jobs.APPLIED == ["a", "b", "c"]


def test_a_catalog_bulk_job_of_one_batch_is_interactive_a_bigger_one_bulk(
    tenant_a, django_capture_on_commit_callbacks, sent
):
    product = make_product(tenant_a, "Q-1")
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        job = catalog_services.bulk_queue(
            store=tenant_a.store, actor=None, action="feature", params={}, product_ids=[product.pk]
        )
    assert [call["queue"] for call in sent] == ["interactive"]
    with tenant_a:
        job.refresh_from_db()
        assert (job.status, job.result, job.items) == ("done", {"changed": 1}, {str(product.pk): True})
    kind = registry.job_kind("catalog.bulk_products")
    assert (kind.queue_for(total=200), kind.queue_for(total=201), kind.queue_for(total=0)) == (
        "interactive",
        "bulk",
        "bulk",  # a total the handler sets later: not known to be small
    )


def test_progress_counts_up_as_items_are_done(tenant_a, django_capture_on_commit_callbacks):
    # given a job queued without a total: the handler sets it
    job = queue(tenant_a, django_capture_on_commit_callbacks, items=["a", "b", "c", "d"])
    assert labs_jobs.OBSERVED == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert job.percent == 100


def test_a_job_not_yet_run_reports_zero_percent(tenant_a, django_capture_on_commit_callbacks):
    job = queue(tenant_a, django_capture_on_commit_callbacks, execute=False)
    assert (job.status, job.percent, job.finished) == ("queued", 0, False)
    response = tenant_a.client(tenant_a.owner()).get(f"/api/v1/store/stores/ALPHA/jobs/{job.pk}/")
    assert (response.json()["status"], response.json()["finished"]) == ("queued", False)


# --- Retries and failures -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["retryable", "oserror", "db"])
def test_transient_error_is_retried_with_backoff_then_succeeds(
    tenant_a, django_capture_on_commit_callbacks, sent, kind
):
    # given a handler that fails transiently at item "b" in its first two runs
    job = queue(tenant_a, django_capture_on_commit_callbacks, fail={"kind": kind, "at": 1, "times": 2})

    # then it ran three times, each retry sent later than the one before, and finished
    assert (job.status, job.attempts, job.error) == ("done", 3, "")
    assert [call.get("countdown") for call in sent] == [None, 10.0, 20.0]
    # and "a", applied in the first run, was not applied again
    assert labs_jobs.APPLIED == ["a", "b", "c"]
    assert job.result == {"echoed": 3}


def test_backoff_doubles_up_to_a_ceiling(settings):
    settings.JOBS_RETRY_BACKOFF, settings.JOBS_RETRY_BACKOFF_MAX = 10, 60
    assert [job_retry_delay(attempt=n) for n in range(1, 6)] == [10.0, 20.0, 40.0, 60.0, 60.0]


def test_transient_error_that_persists_fails_after_the_last_attempt(
    tenant_a, django_capture_on_commit_callbacks, settings
):
    settings.JOBS_MAX_ATTEMPTS = 3
    job = queue(tenant_a, django_capture_on_commit_callbacks, fail={"kind": "oserror", "at": 0})
    assert (job.status, job.attempts) == ("failed", 3)
    assert job.error == runner.exhausted_failure()
    assert "Connection reset" not in job.error


def test_application_error_message_is_shown_to_the_merchant(tenant_a, django_capture_on_commit_callbacks):
    job = queue(tenant_a, django_capture_on_commit_callbacks, fail={"kind": "application", "at": 1})
    assert (job.status, job.attempts, job.done) == ("failed", 1, 1)  # not retried; "a" stays done
    assert job.error == "The labs are closed today."
    response = tenant_a.client(tenant_a.owner()).get(f"/api/v1/store/stores/ALPHA/jobs/{job.pk}/")
    assert (response.json()["error"], response.json()["finished"]) == ("The labs are closed today.", True)


def test_other_exceptions_are_logged_never_shown(tenant_a, django_capture_on_commit_callbacks, caplog):
    job = queue(tenant_a, django_capture_on_commit_callbacks, fail={"kind": "crash", "at": 0})
    assert (job.status, job.attempts) == ("failed", 1)
    assert job.error == runner.generic_failure()
    response = tenant_a.client(tenant_a.owner()).get(f"/api/v1/store/stores/ALPHA/jobs/{job.pk}/")
    assert "hunter2" not in response.content.decode() and "secret" not in job.error
    assert "hunter2" in caplog.text  # the log has it, for us


# --- Cancellation ---------------------------------------------------------------------------------


def test_cancelling_a_queued_job_stops_it_before_it_runs(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        job = job_queue(store=tenant_a.store, kind=KIND, params={"items": ["a"]})
        cancelled = job_cancel(store=tenant_a.store, job_id=job.pk, actor=tenant_a.owner())
    assert (cancelled.status, cancelled.finished) == ("cancelled", True)
    with tenant_a:
        job.refresh_from_db()
    assert (job.status, job.attempts) == ("cancelled", 0)  # the task found nothing to run
    assert labs_jobs.APPLIED == []


def test_cancelling_a_running_job_stops_at_its_next_check(tenant_a, django_capture_on_commit_callbacks):
    # given a merchant who cancels once the second item is done
    job = queue(tenant_a, django_capture_on_commit_callbacks, items=["a", "b", "c", "d"], cancel_after=2)
    # then the run stopped there, keeping what it did
    assert (job.status, job.done, job.total, job.cancel_requested) == ("cancelled", 2, 4, True)
    assert job.result == {"echoed": 2} and labs_jobs.APPLIED == ["a", "b"]
    assert job.finished and job.finished_at


def test_a_run_taken_over_by_another_stops_without_writing(tenant_a, django_capture_on_commit_callbacks):
    job = queue(tenant_a, django_capture_on_commit_callbacks, taken_over_after=1)
    # the other run (attempt 2) owns the row now; this one stopped at its next write
    assert (job.status, job.attempts, job.done) == ("running", 2, 1)
    assert labs_jobs.APPLIED == ["a"]


# --- The sweep ------------------------------------------------------------------------------------


def _die_while_running(tenant, job, *, attempts=1, done_items=("a",), ago=timedelta(hours=1)):
    """The state a worker leaves when it dies mid-run: running, heartbeat stopped."""
    with tenant:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING,
            attempts=attempts,
            heartbeat_at=timezone.now() - ago,
            items={key: key.upper() for key in done_items},
            done=len(done_items),
            total=3,
        )


def test_sweep_requeues_a_job_whose_worker_died_and_it_completes(tenant_a, django_capture_on_commit_callbacks):
    job = queue(tenant_a, django_capture_on_commit_callbacks, execute=False)
    _die_while_running(tenant_a, job)
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        report = job_sweep()
    with tenant_a:
        job.refresh_from_db()
    assert (report.requeued, report.failed) == (1, 0)
    assert (job.status, job.attempts, job.done, job.result) == ("done", 2, 3, {"echoed": 3})
    assert labs_jobs.APPLIED == ["b", "c"]  # "a" was applied by the dead run


def test_sweep_leaves_a_running_job_with_a_recent_heartbeat(tenant_a, django_capture_on_commit_callbacks):
    job = queue(tenant_a, django_capture_on_commit_callbacks, execute=False)
    _die_while_running(tenant_a, job, ago=timedelta(seconds=30))
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        assert job_sweep() == services.SweepReport()
        assert Job.objects.get(pk=job.pk).status == "running"


def test_sweep_fails_a_job_out_of_attempts_with_a_message(tenant_a, django_capture_on_commit_callbacks, settings):
    job = queue(tenant_a, django_capture_on_commit_callbacks, execute=False)
    _die_while_running(tenant_a, job, attempts=settings.JOBS_MAX_ATTEMPTS)
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        report = job_sweep()
        job.refresh_from_db()
    assert (report.requeued, report.failed) == (0, 1)
    assert (job.status, job.finished) == ("failed", True)
    assert "stopped 5 times" in job.error and job.finished_at
    assert labs_jobs.APPLIED == []


def test_a_job_the_broker_never_got_is_sent_by_the_sweep(
    tenant_a, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from celery import current_app

    # given a broker that is down when the job is queued
    task = current_app.tasks[JOB_RUN_TASK]
    monkeypatch.setattr(task, "apply_async", lambda *a, **kw: (_ for _ in ()).throw(BrokerDown("down")))
    job = queue(tenant_a, django_capture_on_commit_callbacks)
    assert (job.status, job.sent_at) == ("queued", None)
    assert "could not send job" in caplog.text
    monkeypatch.undo()

    # the sweep leaves it alone for a grace period, then sends it
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        assert job_sweep().resent == 0
        Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=5))
        assert job_sweep().resent == 1
    with tenant_a:
        job.refresh_from_db()
    assert (job.status, job.result) == ("done", {"echoed": 3})


def test_a_queued_job_whose_task_was_lost_is_sent_again(tenant_a, django_capture_on_commit_callbacks):
    job = queue(tenant_a, django_capture_on_commit_callbacks, execute=False)
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        Job.objects.filter(pk=job.pk).update(sent_at=timezone.now() - timedelta(hours=2))
        assert job_sweep().resent == 1
    with tenant_a:
        assert Job.objects.get(pk=job.pk).status == "done"


def test_the_periodic_sweep_covers_every_merchant(tenant_a, tenant_b, django_capture_on_commit_callbacks):
    # given a job a dead worker left in each merchant's schema
    jobs = {}
    for tenant in (tenant_a, tenant_b):
        jobs[tenant.merchant.schema_name] = queue(tenant, django_capture_on_commit_callbacks, execute=False)
        _die_while_running(tenant, jobs[tenant.merchant.schema_name])

    # when beat runs the sweep (in the public schema)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_sweep.delay().get() == 2

    # then both were run again, each in its own schema
    for tenant in (tenant_a, tenant_b):
        with tenant:
            assert Job.objects.get(pk=jobs[tenant.merchant.schema_name].pk).status == "done"
