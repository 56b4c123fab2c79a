"""The orders store pages: /store/<code>/orders/..."""

from django.urls import include, path

app_name = "orders"

urlpatterns: list = [
    path("", include("apps.orders.views.store.orders_urls")),
]
