from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Module, UrlMount


class TenancyConfig(AppConfig):
    name = "apps.tenancy"
    label = "tenancy"
    verbose_name = _("Merchants and stores")

    # The platform's own site on the platform domain. Merchants' store pages that show tenancy's
    # data (dashboard, settings, domains) need store access, so the "store" module lives in accounts.
    platform_module = Module(
        code="platform",
        name=_("Platform site"),
        description=_("The platform's home and pricing pages and the TLS check of store domains."),
        switchable=False,
        order=12,
        public_urls=(UrlMount("apps.tenancy.urls_public"),),
    )

    def ready(self) -> None:
        # Receivers connect when the app registry is ready (Django's documented place for it).
        from . import signals  # noqa: F401
