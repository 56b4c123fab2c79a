"""The discount code pages, /store/<code>/orders/discounts/... in "store:orders"."""

from django.urls import path

from ..views.store import discounts as views

urlpatterns = [
    path("discounts/", views.DiscountListView.as_view(), name="discounts"),
    path("discounts/add/", views.DiscountFormView.as_view(), name="discount_create"),
    path("discounts/<int:pk>/", views.DiscountFormView.as_view(), name="discount_edit"),
    path("discounts/<int:pk>/pause/", views.DiscountPauseView.as_view(), name="discount_pause"),
]
