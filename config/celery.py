"""Celery application. tenant-schemas-celery carries the sender's schema in every task's headers
and switches the worker's connection to it, so a task runs where it was queued."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = CeleryApp("platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
