"""Store API routes of customers, /api/v1/store/stores/<code>/customers/..."""

from django.urls import path

from ..api import customers as views

STORE = "store/stores/<str:code>/"

urlpatterns = [
    path(f"{STORE}customers/", views.CustomerListView.as_view(), name="api-orders-customer-list"),
    path(f"{STORE}customers/<int:pk>/", views.CustomerDetailView.as_view(), name="api-orders-customer-detail"),
    path(
        f"{STORE}customers/<int:pk>/addresses/",
        views.AddressListView.as_view(),
        name="api-orders-customer-address-list",
    ),
    path(
        f"{STORE}customers/<int:pk>/addresses/<int:address_id>/",
        views.AddressDetailView.as_view(),
        name="api-orders-customer-address-detail",
    ),
]
