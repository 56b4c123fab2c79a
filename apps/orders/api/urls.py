"""Orders API routes, mounted at /api/v1/; each area adds its own module with one line."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("apps.orders.api.storefront_urls")),
    path("", include("apps.orders.api.urls_documents")),  # documents: the invoice PDF
    path("", include("apps.orders.urls.api_customers")),
    path("", include("apps.orders.api.pos_urls")),
    path("", include("apps.orders.api.orders_urls")),
]
