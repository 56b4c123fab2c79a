"""Store API routes of the documents, mounted at /api/v1/."""

from django.urls import path

from . import documents

urlpatterns = [
    path(
        "store/stores/<str:code>/orders/<int:pk>/invoice/",
        documents.OrderInvoiceView.as_view(),
        name="api-orders-invoice",
    ),
]
