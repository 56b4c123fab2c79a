"""The customer's invoice download on the storefront (namespace shop)."""

from django.urls import path

from ..views.storefront import documents as views

urlpatterns = [
    path("account/orders/<str:number>/invoice.pdf", views.OrderInvoiceView.as_view(), name="order_invoice"),
]
