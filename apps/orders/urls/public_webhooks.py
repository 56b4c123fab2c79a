"""Payment provider webhooks on the platform's domain."""

from django.urls import path

from ..views.webhooks import StripeWebhookView

urlpatterns = [
    path("webhooks/stripe/", StripeWebhookView.as_view(), name="stripe_webhook"),
]
