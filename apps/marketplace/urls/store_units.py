"""The Letzshop panel's actions on an order's page: /store/<code>/marketplace/orders/<id>/..."""

from django.urls import path

from ..views.store import units as views

urlpatterns = [
    path("orders/<int:order_id>/units/", views.UnitsDecideView.as_view(), name="order_units"),
    path("orders/<int:order_id>/tracking/", views.TrackingSetView.as_view(), name="order_tracking"),
]
