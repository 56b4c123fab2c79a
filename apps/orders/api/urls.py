"""Filled in as the pages and endpoints are built."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("apps.orders.api.orders_urls")),
]
