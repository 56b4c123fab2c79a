from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Feature, JobKind, JobQueue, Module, NavEntry, UrlMount
from apps.core.roles import MANAGING_ROLES, STAFF_ROLES, Role

from .permissions import COSTS, DELETE, EDIT, STOCK, VIEW, Action, permission_of


class CatalogConfig(AppConfig):
    name = "apps.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    platform_module = Module(
        code="catalog",
        name=_("Catalog"),
        description=_("Products, variants, categories, images, stock and search."),
        switchable=True,
        order=20,
        # the roles holding each permission; which permission each action takes: permissions.py
        permissions={
            VIEW: (*STAFF_ROLES, Role.CASHIER),
            EDIT: (*MANAGING_ROLES, Role.EDITOR),
            STOCK: (*MANAGING_ROLES, Role.EDITOR, Role.CASHIER),
            DELETE: MANAGING_ROLES,
            # Cost prices (margins) are for staff, not for the till.
            COSTS: STAFF_ROLES,
        },
        navigation=(
            NavEntry(_("Products"), "store:catalog:products", permission_of(Action.VIEW), "box"),
            NavEntry(_("Categories"), "store:catalog:categories", permission_of(Action.VIEW), "folder"),
            NavEntry(_("Inventory"), "store:catalog:inventory", permission_of(Action.VIEW), "layers"),
        ),
        checklist="apps.catalog.checklist.items",
        store_urls=(UrlMount("apps.catalog.urls_store", prefix="catalog/", namespace="catalog"),),
        storefront_urls=(
            UrlMount("apps.catalog.urls_home"),  # storefront:home
            UrlMount("apps.catalog.urls_storefront", namespace="shop"),
        ),
        api_urls=(UrlMount("apps.catalog.api.urls"),),
        jobs={
            "catalog.bulk_products": JobKind(
                handler="apps.catalog.jobs.bulk_products",
                validator="apps.catalog.jobs.bulk_products_params",
                queue=JobQueue.BULK,
                interactive_up_to=200,  # one batch (jobs.BATCH): a few seconds, nobody waits long
                permission=permission_of(Action.PRODUCT_BULK),
            ),
        },
        features=(
            Feature(
                _("Catalog"),
                _("Products with variants, images, categories and stock, and price changes to many products at once."),
            ),
            Feature(_("Search"), _("Customers find your products by words, categories and filters.")),
        ),
    )
