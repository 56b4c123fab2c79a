"""Till (POS) routes of the store API, included from api/urls.py."""

from django.urls import path

from . import pos

STORE = "store/stores/<str:code>/pos/"

urlpatterns = [
    path(f"{STORE}orders/", pos.PosOrderCreateView.as_view(), name="api-orders-pos-order-create"),
    path(f"{STORE}orders/<int:pk>/", pos.PosOrderDetailView.as_view(), name="api-orders-pos-order-detail"),
]
