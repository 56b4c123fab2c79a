from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Feature, JobKind, JobQueue, Module, NavEntry, UrlMount
from apps.core.roles import MANAGING_ROLES, STAFF_ROLES, Role

from .permissions import CUSTOMERS, DISCOUNTS, FULFIL, MONEY, PAYMENTS, POS, SETTINGS, VIEW, Action, permission_of


class OrdersConfig(AppConfig):
    name = "apps.orders"
    label = "orders"
    verbose_name = _("Orders")

    platform_module = Module(
        code="orders",
        name=_("Orders"),
        description=_("Customers, cart, checkout, payments, fulfilment, returns, refunds and invoices."),
        dependencies=("catalog",),
        switchable=True,
        order=30,
        # the roles holding each permission; which permission each action takes: permissions.py
        permissions={
            VIEW: (*STAFF_ROLES, Role.CASHIER),
            FULFIL: (*MANAGING_ROLES, Role.EDITOR),
            MONEY: MANAGING_ROLES,
            CUSTOMERS: (*MANAGING_ROLES, Role.EDITOR, Role.CASHIER),
            DISCOUNTS: MANAGING_ROLES,
            SETTINGS: MANAGING_ROLES,
            PAYMENTS: (Role.OWNER,),
            POS: (*MANAGING_ROLES, Role.CASHIER),
        },
        navigation=(
            NavEntry(_("Orders"), "store:orders:list", permission_of(Action.VIEW), "inbox"),
            # customers and discounts
            NavEntry(_("Customers"), "store:orders:customers", VIEW, "users"),
            NavEntry(_("Discounts"), "store:orders:discounts", VIEW, "tag"),
        ),
        checklist="apps.orders.checklist.items",
        dashboard="apps.orders.dashboard.widgets",
        store_urls=(UrlMount("apps.orders.urls_store", prefix="orders/", namespace="orders"),),
        storefront_urls=(UrlMount("apps.orders.urls_storefront", namespace="shop"),),
        api_urls=(UrlMount("apps.orders.api.urls"),),
        public_urls=(UrlMount("apps.orders.urls_public", namespace="orders_public"),),
        jobs={
            "orders.bulk_fulfil": JobKind(
                handler="apps.orders.jobs.bulk_fulfil",
                validator="apps.orders.jobs.bulk_fulfil_params",
                queue=JobQueue.BULK,
                interactive_up_to=50,  # a page of orders: a few seconds
                permission=permission_of(Action.FULFIL),
            ),
            # one PDF with the packing slips of the chosen orders (apps/orders/documents/jobs.py)
            "orders.packing_slips": JobKind(
                handler="apps.orders.documents.jobs.packing_slips_job",
                validator="apps.orders.documents.jobs.packing_slips_params",
                queue=JobQueue.BULK,
                interactive_up_to=50,  # one batch: a few seconds
                permission=FULFIL,
            ),
        },
        features=(
            Feature(_("Checkout"), _("Cart, shipping zones, click and collect, discount codes and VAT done right.")),
            Feature(_("Payments"), _("Cards through your own Stripe account, bank transfer, pay at pickup, invoice.")),
            Feature(_("Orders"), _("Fulfil, track, return and refund; invoices and credit notes as PDF.")),
        ),
    )

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the signal receivers
