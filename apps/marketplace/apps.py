from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Feature, JobKind, JobQueue, Module, NavEntry, UrlMount, WizardStep
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
        navigation=(NavEntry(_("Letzshop"), "store:marketplace:staging", VIEW),),  # the products; _tabs.html leads on
        checklist="apps.marketplace.checklist.items",  # connection
        panels={"orders.order_detail": "apps.marketplace.panels.order_detail_panel"},  # units
        jobs={
            # order sync: the historical import of the Letzshop shipments (jobs_order_sync.py)
            "marketplace.order_history": JobKind(
                handler="apps.marketplace.jobs_order_sync.order_history",
                validator="apps.marketplace.jobs_order_sync.order_history_params",
                queue=JobQueue.BULK,
                permission=SYNC,
            ),
            # feed import (jobs_feeds.py)
            "marketplace.feed_import": JobKind(
                handler="apps.marketplace.jobs_feeds.feed_import_run",
                validator="apps.marketplace.jobs_feeds.feed_import_params",
                queue=JobQueue.BULK,
                permission=IMPORT,
            ),
            # curation: publish staging products into the catalog
            "marketplace.publish": JobKind(
                handler="apps.marketplace.jobs_publish.publish",
                validator="apps.marketplace.jobs_publish.publish_params",
                queue=JobQueue.BULK,
                interactive_up_to=100,
                permission=CURATE,
            ),
        },
        # the setup wizard's Letzshop steps (wizard.py), for merchants who sell on Letzshop
        wizard_steps=(
            WizardStep(
                "letzshop_api",
                _("Letzshop connection"),
                20,
                "apps.marketplace.wizard.LetzshopApiStep",
                requires_answer="sells_on_letzshop",
                default_seconds=120,
            ),
            WizardStep(
                "product_import",
                _("Product import"),
                30,
                "apps.marketplace.wizard.ProductImportStep",
                requires_answer="sells_on_letzshop",
                default_seconds=240,
            ),
            WizardStep(
                "order_sync",
                _("Order history"),
                40,
                "apps.marketplace.wizard.OrderSyncStep",
                requires_answer="sells_on_letzshop",
                default_seconds=120,
            ),
        ),
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
