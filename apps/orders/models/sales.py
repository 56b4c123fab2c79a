"""After the sale: fulfilments (shipments and pickups), returns and invoices."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Fulfilment(TimeStampedModel):
    class Status(models.TextChoices):
        FULFILLED = "fulfilled", _("Fulfilled")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="fulfilments")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.FULFILLED)
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    tracking_url = models.URLField(_("tracking link"), max_length=500, blank=True)
    notify_customer = models.BooleanField(default=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_by_email = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["order_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"fulfilment {self.pk} of {self.order_id}"


class FulfilmentLine(models.Model):
    fulfilment = models.ForeignKey(Fulfilment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.CASCADE, related_name="fulfilment_lines")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["fulfilment_id", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="fulfilment_line_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} of line {self.order_line_id}"


class Return(TimeStampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")  # by the customer, waiting for the merchant
        RECEIVED = "received", _("Received")  # goods back, restocked as chosen
        REJECTED = "rejected", _("Rejected")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="returns")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    requested_by_customer = models.BooleanField(default=False)
    restock = models.BooleanField(_("restock"), default=True)
    refund = models.ForeignKey("orders.Refund", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_by_email = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["order_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"return {self.pk} of {self.order_id}"


class ReturnLine(models.Model):
    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.CASCADE, related_name="return_lines")
    quantity = models.PositiveIntegerField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["ret_id", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="return_line_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} of line {self.order_line_id}"


class Invoice(TimeStampedModel):
    """An invoice or credit note, numbered in one gapless sequence per merchant. Everything printed
    on it is copied here when it is issued, so the PDF can be rebuilt identically at any time."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INVOICE)
    number = models.CharField(_("number"), max_length=40, unique=True)
    sequence_number = models.PositiveIntegerField(unique=True)
    issued_at = models.DateTimeField(_("issued"))
    credits = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )  # a credit note's invoice
    refund = models.OneToOneField(
        "orders.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_note"
    )
    seller = models.JSONField(default=dict)  # name, address, VAT number, IBAN, e-mail
    buyer = models.JSONField(default=dict)  # name, address, e-mail, VAT number if any
    lines = models.JSONField(default=list)  # description, sku, quantity, unit price, VAT rate, total
    totals = models.JSONField(default=dict)  # subtotal, discount, shipping, total, VAT
    vat_breakdown = models.JSONField(default=list)
    language = models.CharField(max_length=8, default="en")

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=Q(kind="invoice"), name="invoice_one_per_order"),
        ]

    def __str__(self) -> str:
        return self.number
