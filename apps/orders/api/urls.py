"""Filled in as the pages and endpoints are built."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("apps.orders.api.storefront_urls")),
    path("", include("apps.orders.api.urls_documents")),  # documents: the invoice PDF
    path("", include("apps.orders.urls.api_customers")),
]
