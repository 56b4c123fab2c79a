"""Cart, checkout and the customer's orders on the storefront, in the "shop" namespace with the catalog's pages."""

from django.urls import include, path

app_name = "shop"

urlpatterns: list = [
    path("", include("apps.orders.urls.storefront_shop")),
    path("", include("apps.orders.urls.storefront_documents")),  # the invoice download
]
