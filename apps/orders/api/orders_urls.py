"""The store API's orders, included by apps/orders/api/urls.py: /api/v1/store/stores/<code>/orders/."""

from django.urls import path

from . import orders as views

STORE = "store/stores/<str:code>/orders/"

urlpatterns = [
    path(STORE, views.OrderListView.as_view(), name="api-orders-order-list"),
    path(f"{STORE}<int:pk>/", views.OrderDetailView.as_view(), name="api-orders-order-detail"),
    path(f"{STORE}<int:pk>/confirm/", views.OrderConfirmView.as_view(), name="api-orders-order-confirm"),
    path(f"{STORE}<int:pk>/cancel/", views.OrderCancelView.as_view(), name="api-orders-order-cancel"),
    path(f"{STORE}<int:pk>/fulfil/", views.OrderFulfilView.as_view(), name="api-orders-order-fulfil"),
    path(f"{STORE}<int:pk>/deliver/", views.OrderDeliverView.as_view(), name="api-orders-order-deliver"),
    path(f"{STORE}<int:pk>/payments/", views.OrderPaymentView.as_view(), name="api-orders-order-payments"),
    path(f"{STORE}<int:pk>/refunds/", views.OrderRefundView.as_view(), name="api-orders-order-refunds"),
    path(f"{STORE}<int:pk>/returns/", views.OrderReturnView.as_view(), name="api-orders-order-returns"),
    path(f"{STORE}<int:pk>/returns/receive/", views.OrderReturnReceiveView.as_view(), name="api-orders-return-receive"),
    path(f"{STORE}<int:pk>/returns/reject/", views.OrderReturnRejectView.as_view(), name="api-orders-return-reject"),
    path(f"{STORE}<int:pk>/notes/", views.OrderNoteView.as_view(), name="api-orders-order-notes"),
]
