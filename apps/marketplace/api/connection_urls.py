"""The store API's Letzshop connection and units, included by apps/marketplace/api/urls.py under
/api/v1/store/stores/<code>/marketplace/."""

from django.urls import path

from . import connection as views

urlpatterns = [
    path("connection/", views.ConnectionView.as_view(), name="api-marketplace-connection"),
    path("connection/test/", views.ConnectionTestView.as_view(), name="api-marketplace-connection-test"),
    path("orders/<int:order_id>/shipment/", views.OrderShipmentView.as_view(), name="api-marketplace-order-shipment"),
    path("orders/<int:order_id>/units/", views.OrderUnitsView.as_view(), name="api-marketplace-order-units"),
    path("orders/<int:order_id>/tracking/", views.OrderTrackingView.as_view(), name="api-marketplace-order-tracking"),
]
