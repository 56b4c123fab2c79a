"""The shipping settings pages, /store/<code>/orders/settings/shipping/... in "store:orders"."""

from django.urls import path

from ..views.store import shipping as views

urlpatterns = [
    path("settings/shipping/", views.ShippingView.as_view(), name="settings_shipping"),
    path("settings/shipping/<int:pk>/", views.ShippingEditView.as_view(), name="settings_shipping_edit"),
    path("settings/shipping/<int:pk>/toggle/", views.ShippingToggleView.as_view(), name="settings_shipping_toggle"),
]
