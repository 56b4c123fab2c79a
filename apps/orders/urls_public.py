"""The orders app on the platform's domain (namespace orders_public): each area's url module is
included with one line."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("apps.orders.urls.public_webhooks")),
]
