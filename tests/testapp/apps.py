"""A switchable module that exists only in the test settings, to exercise module gating, URL
declarations and the jobs runner."""

from django.apps import AppConfig

from apps.core.modules import JobKind, JobQueue, Module, NavEntry, UrlMount
from apps.core.roles import MANAGING_ROLES, STAFF_ROLES


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"
    platform_module = Module(
        code="labs",
        name="Labs",
        switchable=True,
        order=90,
        permissions={"labs.view": STAFF_ROLES, "labs.edit": MANAGING_ROLES},
        navigation=(NavEntry("Labs", "store:labs", "labs.view"),),
        store_urls=(UrlMount("tests.testapp.urls_store"),),
        api_urls=(UrlMount("tests.testapp.urls_api"),),
        jobs={
            "labs.echo": JobKind(
                handler="tests.testapp.jobs.echo", validator="tests.testapp.jobs.echo_params", permission="labs.edit"
            ),
            "labs.bulk_echo": JobKind(
                handler="tests.testapp.jobs.echo",
                validator="tests.testapp.jobs.echo_params",
                queue=JobQueue.BULK,
                permission="labs.edit",
            ),
        },
    )
