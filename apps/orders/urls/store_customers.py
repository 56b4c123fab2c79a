"""The customer pages, /store/<code>/orders/customers/... in "store:orders"."""

from django.urls import path

from ..views.store import customers as views

urlpatterns = [
    path("customers/", views.CustomerListView.as_view(), name="customers"),
    path("customers/add/", views.CustomerCreateView.as_view(), name="customer_create"),
    path("customers/<int:pk>/", views.CustomerDetailView.as_view(), name="customer"),
    path("customers/<int:pk>/edit/", views.CustomerEditView.as_view(), name="customer_edit"),
    path("customers/<int:pk>/addresses/add/", views.AddressFormView.as_view(), name="customer_address_add"),
    path(
        "customers/<int:pk>/addresses/<int:address_id>/",
        views.AddressFormView.as_view(),
        name="customer_address_edit",
    ),
    path(
        "customers/<int:pk>/addresses/<int:address_id>/delete/",
        views.AddressDeleteView.as_view(),
        name="customer_address_delete",
    ),
]
