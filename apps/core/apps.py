from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Lookups and receivers register once the app registry is ready (Django's documented place).
        from . import lookups, signals  # noqa: F401
