"""The orders store pages: /store/<code>/orders/..."""

from django.urls import include, path

app_name = "orders"

urlpatterns: list = [
    path("", include("apps.orders.views.store.orders_urls")),
    path("", include("apps.orders.urls.store_payments")),
    path("", include("apps.orders.urls.store_documents")),  # invoices, credit notes, packing slips
    path("", include("apps.orders.urls.store_customers")),
    path("", include("apps.orders.urls.store_shipping")),
    path("", include("apps.orders.urls.store_discounts")),
]
