"""The order sync's pages, included by apps/marketplace/urls_store.py (namespace
store:marketplace, at /store/<code>/marketplace/)."""

from django.urls import path

from ..views.store import orders

urlpatterns = [
    path("orders/", orders.OrderSyncView.as_view(), name="orders"),
    path("orders/jobs/<int:job_id>/", orders.OrderSyncJobView.as_view(), name="orders_job"),
    path(
        "orders/jobs/<int:job_id>/progress/",
        orders.OrderSyncJobView.as_view(),
        {"partial": True},
        name="orders_job_progress",
    ),
    path("orders/<int:order_id>/lines/<int:line_id>/match/", orders.LineMatchView.as_view(), name="line_match"),
]
