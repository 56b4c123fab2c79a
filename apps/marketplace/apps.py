from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Feature, JobKind, JobQueue, Module, UrlMount
from apps.core.roles import MANAGING_ROLES, STAFF_ROLES, Role

from .permissions import CONNECT, CURATE, IMPORT, SYNC, VIEW


class MarketplaceConfig(AppConfig):
    """Letzshop: the connection, the product feed imported into a staging area, curation and
    publishing into the catalog, the order sync, and the catalog feed Letzshop pulls back."""

    name = "apps.marketplace"
    label = "marketplace"
    verbose_name = _("Marketplace")

    platform_module = Module(
        code="marketplace",
        name=_("Letzshop"),
        description=_("Import the Letzshop product feed, publish it to your store and sync marketplace orders."),
        dependencies=("catalog", "orders"),
        switchable=True,
        order=40,
        # the roles holding each permission; which permission each action takes: permissions.py
        permissions={
            VIEW: (*STAFF_ROLES,),
            CURATE: (*MANAGING_ROLES, Role.EDITOR),
            IMPORT: MANAGING_ROLES,
            SYNC: (*MANAGING_ROLES, Role.EDITOR),
            CONNECT: (Role.OWNER,),
        },
        store_urls=(UrlMount("apps.marketplace.urls_store", prefix="marketplace/", namespace="marketplace"),),
        storefront_urls=(UrlMount("apps.marketplace.urls_storefront"),),
        api_urls=(UrlMount("apps.marketplace.api.urls"),),
        jobs={
            # curation: publish staging products into the catalog
            "marketplace.publish": JobKind(
                handler="apps.marketplace.jobs_publish.publish",
                validator="apps.marketplace.jobs_publish.publish_params",
                queue=JobQueue.BULK,
                interactive_up_to=100,
                permission=CURATE,
            ),
        },
        features=(
            Feature(
                _("Letzshop"), _("Import your Letzshop catalogue, publish what you choose, sync marketplace orders.")
            ),
        ),
    )

    def ready(self) -> None:
        from . import (
            receivers,  # noqa: F401 - connects the signal receivers
            tasks_publish,  # noqa: F401 - registers the publishing tasks
        )
