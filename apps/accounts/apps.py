from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Feature, Module, NavEntry, UrlMount
from apps.core.roles import ALL_ROLES, MANAGING_ROLES, STAFF_ROLES, Role


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Users")

    def ready(self) -> None:
        from . import receivers  # noqa: F401

    # The store shell (its data is tenancy's, its pages need store access, which is ours) and the team.
    platform_modules = (
        Module(
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
            # the shell's pages and the team's share one URL module
            store_urls=(UrlMount("apps.accounts.urls_store"),),
            features=(
                Feature(
                    _("Your own storefront"),
                    _(
                        "Your store answers at its own address at once, and at a domain of yours once you "
                        "connect it, in English, French, German and Luxembourgish."
                    ),
                ),
            ),
        ),
        Module(
            code="team",
            name=_("Team"),
            description=_("Store staff, roles and invitations."),
            switchable=False,
            order=10,
            permissions={
                "team.view": STAFF_ROLES,
                "team.manage": MANAGING_ROLES,
            },
            navigation=(NavEntry(_("Team"), "store:team", "team.view", "users"),),
            checklist="apps.accounts.checklist.items",
            storefront_urls=(UrlMount("apps.accounts.urls_storefront"),),
            api_urls=(UrlMount("apps.accounts.api.urls"),),
            # the merchants' sign-in on the platform's site (public:login)
            public_urls=(UrlMount("apps.accounts.urls_public"),),
            features=(
                Feature(_("Team"), _("Owners, managers, editors, viewers and cashiers, each with the right access.")),
                Feature(_("API"), _("Apps and tills connect through a documented API with device tokens.")),
            ),
        ),
    )
