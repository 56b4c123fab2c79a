"""The order sync's store API, included by apps/marketplace/api/urls.py at
/api/v1/store/stores/<code>/marketplace/."""

from django.urls import path

from . import order_sync as views

urlpatterns = [
    path("orders/sync/", views.OrderHistoryStartView.as_view(), name="api-marketplace-orders-sync"),
    path("orders/sync/<int:job_id>/", views.OrderHistoryProgressView.as_view(), name="api-marketplace-orders-sync-job"),
    path(
        "orders/<int:order_id>/lines/<int:line_id>/match/",
        views.LineMatchView.as_view(),
        name="api-marketplace-line-match",
    ),
]
