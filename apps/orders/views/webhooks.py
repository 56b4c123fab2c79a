"""Stripe's webhook endpoint on the platform's domain. The signature is checked before anything
is read; the event is recorded once and its work queued (services.stripe_webhooks), so Stripe
gets its answer in milliseconds."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from apps.core.errors import ValidationFailed

from .. import stripe_client
from ..errors import OrdersErrorCode
from ..services import stripe_webhooks


def _refused(error: ValidationFailed) -> JsonResponse:
    """The platform's one error shape ({"code", "message", "fields"})."""
    return JsonResponse(error.as_dict(), status=error.status_code)


@method_decorator(csrf_exempt, name="dispatch")
class StripeWebhookView(View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not stripe_client.configured():
            return _refused(
                ValidationFailed(_("Stripe is not configured."), code=OrdersErrorCode.STRIPE_NOT_CONFIGURED)
            )
        try:
            event = stripe_client.event_construct(
                payload=request.body, signature=request.headers.get("Stripe-Signature")
            )
        except stripe_client.WebhookSignatureInvalid:
            return _refused(
                ValidationFailed(_("The Stripe signature is missing or wrong."), code=OrdersErrorCode.WEBHOOK_SIGNATURE)
            )
        outcome = stripe_webhooks.stripe_webhook_accept(event=event.to_dict())
        return JsonResponse({"received": True, "outcome": outcome})
