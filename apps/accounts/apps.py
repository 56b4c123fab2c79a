from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Module, NavEntry, UrlMount
from apps.core.roles import MANAGING_ROLES, STAFF_ROLES


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Users")

    platform_module = Module(
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
        store_urls=(UrlMount("apps.accounts.urls_store"),),
        storefront_urls=(UrlMount("apps.accounts.urls_storefront"),),
        api_urls=(UrlMount("apps.accounts.api.urls"),),
    )
