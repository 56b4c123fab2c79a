from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for every app: the top layer, so it may use any app below it. Its management
    commands (demo_load, demo_catalog) fill a development database."""

    name = "apps.demo"
    label = "demo"
    verbose_name = _("Demo data")
