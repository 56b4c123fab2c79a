from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Module, UrlMount


class JobsConfig(AppConfig):
    name = "apps.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    platform_module = Module(
        code="jobs",
        name=_("Background jobs"),
        description=_("Progress of the background work other modules start."),
        switchable=False,
        order=15,
        api_urls=(UrlMount("apps.jobs.api"),),
    )

    def ready(self) -> None:
        # Registers the job_run task, which services send by name (importing it there would be
        # a cycle); tasks import models, so this waits until the apps are loaded.
        from . import tasks  # noqa: F401
