from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from .settings import PaymentMethod


class Payment(TimeStampedModel):
    """Money received for an order: recorded by staff (offline methods, the till) or confirmed by
    Stripe. A provider reference is unique, so a replayed webhook cannot record a payment twice."""

    class Provider(models.TextChoices):
        OFFLINE = "offline", _("Recorded by staff")
        STRIPE = "stripe", _("Stripe")
        MARKETPLACE = "marketplace", _("Marketplace")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="payments")
    method = models.CharField(_("method"), max_length=16, choices=PaymentMethod.choices)
    provider = models.CharField(max_length=16, choices=Provider.choices, default=Provider.OFFLINE)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUCCEEDED)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR")
    # Stripe: the Checkout Session id (cs_...) while pending, the PaymentIntent (pi_...) once paid
    reference = models.CharField(_("reference"), max_length=255, blank=True)
    payment_intent = models.CharField(max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by_id = models.BigIntegerField(null=True, blank=True)
    recorded_by_email = models.CharField(max_length=254, blank=True)
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["order_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"], condition=~Q(reference=""), name="payment_reference_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=models.F("amount")),
                name="payment_refund_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.method})"


class Refund(TimeStampedModel):
    """Money given back. Through Stripe for card payments (status follows Stripe), recorded for
    offline ones. Never more than was paid (Order.refunded_amount <= paid_amount)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Refunded")
        FAILED = "failed", _("Failed")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="refunds")
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUCCEEDED)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # [{"order_line": id, "quantity": n, "amount": "12.50"}]; empty for an amount-only refund
    lines = models.JSONField(default=list, blank=True)
    shipping_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    reference = models.CharField(_("reference"), max_length=255, blank=True)  # Stripe re_...
    failure_message = models.CharField(max_length=255, blank=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_by_email = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["order_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.UniqueConstraint(fields=["reference"], condition=~Q(reference=""), name="refund_reference_unique"),
        ]

    def __str__(self) -> str:
        return f"refund {self.amount} on {self.order_id}"


class StripeAccount(TimeStampedModel):
    """A store's Stripe Connect account, where its customers' card payments go. The account id is
    kept encrypted; its hash finds the account when a webhook names it."""

    store = models.OneToOneField(
        "tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False, primary_key=True
    )
    account_id_encrypted = models.TextField()
    account_id_hash = models.CharField(max_length=64, unique=True)
    charges_enabled = models.BooleanField(default=False)
    payouts_enabled = models.BooleanField(default=False)
    details_submitted = models.BooleanField(default=False)
    requirements = models.JSONField(default=list, blank=True)  # what Stripe still needs
    # the creation time of the latest account.updated applied: an older event never overwrites it
    state_as_of = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["store_id"]

    def __str__(self) -> str:
        return f"Stripe account of store {self.store_id}"


class IdempotentRequest(models.Model):
    """The answer to a write that carried an Idempotency-Key (the till, terminals): a retry with
    the same key gets the same answer and changes nothing; the same key with another request body
    is refused."""

    scope = models.CharField(max_length=64)  # e.g. "pos:<store id>:<user id>"
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)  # null: in progress
    response = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotent_request_unique")]

    def __str__(self) -> str:
        return f"{self.scope}/{self.key}"
