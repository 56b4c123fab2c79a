"""The order pages, included by apps/orders/urls_store.py (namespace store:orders, at
/store/<code>/orders/)."""

from django.urls import path

from . import orders, orders_detail

urlpatterns = [
    path("", orders.OrderListView.as_view(), name="list"),
    path("export.csv", orders.OrderExportView.as_view(), name="export"),
    path("bulk/fulfil/", orders.OrderBulkFulfilView.as_view(), name="bulk_fulfil"),
    path("jobs/<int:job_id>/", orders.OrderJobView.as_view(), name="job"),
    path("jobs/<int:job_id>/progress/", orders.OrderJobView.as_view(), {"partial": True}, name="job_progress"),
    path("<int:pk>/", orders_detail.OrderDetailView.as_view(), name="detail"),
    path("<int:pk>/confirm/", orders_detail.OrderConfirmView.as_view(), name="confirm"),
    path("<int:pk>/cancel/", orders_detail.OrderCancelView.as_view(), name="cancel"),
    path("<int:pk>/fulfil/", orders_detail.OrderFulfilView.as_view(), name="fulfil"),
    path("<int:pk>/deliver/", orders_detail.OrderDeliverView.as_view(), name="deliver"),
    path("<int:pk>/payments/", orders_detail.OrderPaymentView.as_view(), name="payment"),
    path("<int:pk>/refunds/", orders_detail.OrderRefundView.as_view(), name="refund"),
    path("<int:pk>/returns/", orders_detail.OrderReturnView.as_view(), name="return"),
    path("<int:pk>/returns/receive/", orders_detail.OrderReturnReceiveView.as_view(), name="return_receive"),
    path("<int:pk>/returns/reject/", orders_detail.OrderReturnRejectView.as_view(), name="return_reject"),
    path("<int:pk>/notes/", orders_detail.OrderNoteView.as_view(), name="note"),
]
