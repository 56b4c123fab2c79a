from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import JobKind, JobQueue, Module, NavEntry, UrlMount
from apps.core.roles import MANAGING_ROLES, STAFF_ROLES, Role


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
        permissions={
            "catalog.view": (*STAFF_ROLES, Role.CASHIER),
            "catalog.edit": (*MANAGING_ROLES, Role.EDITOR),
            "catalog.stock": (*MANAGING_ROLES, Role.EDITOR, Role.CASHIER),
            "catalog.delete": MANAGING_ROLES,
            # Cost prices (margins) are for staff, not for the till.
            "catalog.costs": STAFF_ROLES,
        },
        navigation=(
            NavEntry(_("Products"), "store:catalog:products", "catalog.view", "box"),
            NavEntry(_("Categories"), "store:catalog:categories", "catalog.view", "folder"),
            NavEntry(_("Inventory"), "store:catalog:inventory", "catalog.view", "layers"),
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
                permission="catalog.edit",
            ),
        },
    )
