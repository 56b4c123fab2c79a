from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Feature, Module, NavEntry, UrlMount
from apps.core.roles import ALL_ROLES, MANAGING_ROLES, STAFF_ROLES, Role

from .permissions import MANAGE, OPERATE, REPORT, VIEW


class LoyaltyConfig(AppConfig):
    """The merchant's loyalty programme: stamps or points collected at the till and online and
    redeemed in any of its stores; staff PINs and anti-fraud; cards, the ledger, wallet passes."""

    name = "apps.loyalty"
    label = "loyalty"
    verbose_name = _("Loyalty")

    platform_module = Module(
        code="loyalty",
        name=_("Loyalty"),
        description=_("Stamp and points cards for your customers, at the till, online and in their phone's wallet."),
        dependencies=("orders",),
        switchable=True,
        order=50,
        # the roles holding each permission; which permission each action takes: permissions.py
        permissions={
            VIEW: ALL_ROLES,
            OPERATE: (*MANAGING_ROLES, Role.EDITOR, Role.CASHIER),
            REPORT: STAFF_ROLES,
            MANAGE: MANAGING_ROLES,
        },
        store_urls=(UrlMount("apps.loyalty.urls_store", prefix="loyalty/", namespace="loyalty"),),
        storefront_urls=(UrlMount("apps.loyalty.urls_storefront"),),
        api_urls=(UrlMount("apps.loyalty.api.urls"),),
        public_urls=(UrlMount("apps.loyalty.api.urls_platform", prefix="api/v1/platform/"),),
        navigation=(NavEntry(_("Loyalty"), "store:loyalty:terminal", VIEW, "tag"),),
        features=(
            Feature(
                _("Loyalty"),
                _("Stamp or points cards, a till terminal with staff PINs, Apple and Google Wallet passes."),
            ),
        ),
    )

    def ready(self) -> None:
        from . import (
            receivers,  # noqa: F401 - connects the receivers of orders' news
            receivers_platform,  # noqa: F401 - connects the programme directory's receivers
            tasks,  # noqa: F401 - registers the tasks
        )
