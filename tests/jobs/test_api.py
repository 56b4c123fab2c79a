"""The jobs API: a job's progress and its cancellation."""

from __future__ import annotations

from apps.core.roles import Role
from apps.jobs.services import job_queue

KIND = "labs.echo"


def queue(tenant, capture, execute=True):
    with tenant, capture(execute=execute):
        job = job_queue(store=tenant.store, kind=KIND, params={"items": ["a"]}, label="Echo")
    return job


def test_cancel_through_the_api(tenant_a, django_capture_on_commit_callbacks):
    job = queue(tenant_a, django_capture_on_commit_callbacks, execute=False)
    url = f"/api/v1/store/stores/ALPHA/jobs/{job.pk}/cancel/"
    # a viewer may follow the job but not cancel it (labs.edit)
    viewer = tenant_a.client(tenant_a.member(Role.VIEWER))
    assert viewer.get(f"/api/v1/store/stores/ALPHA/jobs/{job.pk}/").status_code == 200
    assert viewer.post(url).status_code == 403
    manager = tenant_a.client(tenant_a.member(Role.MANAGER))
    response = manager.post(url)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["finished"]) == ("cancelled", True)
    # another store's id is not found; a finished job cannot be cancelled
    assert manager.post(f"/api/v1/store/stores/ALPHA/jobs/{2**40}/cancel/").status_code == 404
    done = queue(tenant_a, django_capture_on_commit_callbacks)
    again = manager.post(f"/api/v1/store/stores/ALPHA/jobs/{done.pk}/cancel/")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
