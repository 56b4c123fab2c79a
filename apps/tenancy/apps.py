from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Module, NavEntry, UrlMount
from apps.core.roles import ALL_ROLES, MANAGING_ROLES, Role


class TenancyConfig(AppConfig):
    name = "apps.tenancy"
    label = "tenancy"
    verbose_name = _("Merchants and stores")

    platform_module = Module(
        code="store",
        name=_("Store"),
        description=_("Dashboard, store settings and domains."),
        switchable=False,
        order=0,
        permissions={
            "store.view": ALL_ROLES,
            "store.settings": MANAGING_ROLES,
            "store.domains": MANAGING_ROLES,
            "store.merchant_domains": (Role.OWNER,),
        },
        navigation=(
            NavEntry(_("Dashboard"), "store:dashboard", "store.view", "home"),
            NavEntry(_("Settings"), "store:settings", "store.settings", "settings"),
            NavEntry(_("Domains"), "store:domains", "store.domains", "globe"),
        ),
        checklist="apps.tenancy.checklist.items",
        store_urls=(UrlMount("apps.tenancy.urls_store"),),
        public_urls=(UrlMount("apps.tenancy.urls_public"),),
    )

    def ready(self) -> None:
        from . import signals  # noqa: F401
