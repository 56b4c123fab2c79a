from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "apps.tenancy"
    label = "tenancy"
    verbose_name = _("Merchants and stores")

    def ready(self) -> None:
        # Receivers connect when the app registry is ready (Django's documented place for it).
        from . import signals  # noqa: F401
