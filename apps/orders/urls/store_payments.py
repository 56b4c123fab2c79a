"""The store's Payments settings: /store/<code>/orders/settings/payments/..."""

from django.urls import path

from ..views.store import payments as views

urlpatterns = [
    path("settings/payments/", views.PaymentSettingsView.as_view(), name="settings_payments"),
    path("settings/payments/stripe/connect/", views.StripeConnectView.as_view(), name="stripe_connect"),
    path("settings/payments/stripe/refresh/", views.StripeRefreshView.as_view(), name="stripe_refresh"),
    path("settings/payments/stripe/return/", views.StripeReturnView.as_view(), name="stripe_return"),
]
