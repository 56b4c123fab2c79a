"""The progress page of a catalog job: its final message and its cancel button."""

from __future__ import annotations

from apps.core.roles import Role
from apps.jobs.models import Job
from apps.jobs.services import job_create

BASE = "/store/ALPHA/catalog/"


def _job(tenant, **fields) -> Job:
    with tenant:
        job = job_create(
            store=tenant.store, kind="catalog.bulk_products", label="Archive: 3 products", params={}, total=3
        )
        Job.objects.filter(pk=job.pk).update(**fields)
        job.refresh_from_db()
    return job


def test_a_running_job_can_be_cancelled_from_its_page(tenant_a):
    job = _job(tenant_a, status=Job.Status.RUNNING, attempts=1)
    client = tenant_a.client(tenant_a.owner())
    page = client.get(f"{BASE}jobs/{job.pk}/")
    assert b"Cancel job" in page.content

    response = client.post(f"{BASE}jobs/{job.pk}/")

    assert response.status_code == 302 and response["Location"] == f"{BASE}jobs/{job.pk}/"
    with tenant_a:
        job.refresh_from_db()
    assert (job.status, job.cancel_requested) == ("running", True)  # stops at the handler's next check
    partial = client.get(f"{BASE}jobs/{job.pk}/progress/")
    assert b"Stopping after the current step" in partial.content and b"Cancel job" not in partial.content


def test_only_who_may_edit_sees_and_uses_the_cancel_button(tenant_a):
    job = _job(tenant_a)
    viewer = tenant_a.client(tenant_a.member(Role.VIEWER))
    assert b"Cancel job" not in viewer.get(f"{BASE}jobs/{job.pk}/").content
    assert viewer.post(f"{BASE}jobs/{job.pk}/").status_code == 403
    with tenant_a:
        assert Job.objects.get(pk=job.pk).status == "queued"


def test_a_finished_job_shows_its_message_and_no_button(tenant_a):
    failed = _job(tenant_a, status=Job.Status.FAILED, error="Choose a category.")
    client = tenant_a.client(tenant_a.owner())
    page = client.get(f"{BASE}jobs/{failed.pk}/progress/")
    assert b"Choose a category." in page.content and b"Cancel job" not in page.content
    assert b"hx-trigger" not in page.content
    cancelled = _job(tenant_a, status=Job.Status.CANCELLED, done=1)
    page = client.get(f"{BASE}jobs/{cancelled.pk}/progress/")
    assert b"Cancelled." in page.content and b"hx-trigger" not in page.content
    # cancelling what has finished says so
    response = client.post(f"{BASE}jobs/{failed.pk}/", follow=True)
    assert b"This job has already finished." in response.content
