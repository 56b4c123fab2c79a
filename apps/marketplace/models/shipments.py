"""Letzshop shipments as synced: one order of channel "letzshop" each, and the inventory units
(one per item) the merchant confirms or declines on Letzshop."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class LetzshopShipment(TimeStampedModel):
    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        SHIPPED = "shipped", _("Shipped")

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    shipment_id = models.CharField(max_length=100)  # Letzshop's id ("gid" string)
    number = models.CharField(max_length=64, blank=True)  # Letzshop's shipment number, shown to merchants
    letzshop_order_id = models.CharField(max_length=100, blank=True)
    letzshop_order_number = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.UNCONFIRMED)
    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="letzshop_shipment")
    carrier = models.CharField(_("carrier"), max_length=32, blank=True)
    tracking_code = models.CharField(_("tracking number"), max_length=100, blank=True)
    tracking_sent_at = models.DateTimeField(null=True, blank=True)
    # Letzshop's last change of the shipment, as it sent it
    remote_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["store", "shipment_id"], name="letzshop_shipment_unique_per_store")
        ]

    def __str__(self) -> str:
        return self.number or self.shipment_id


class LetzshopUnit(models.Model):
    """One inventory unit of a shipment (Letzshop sells item by item), tied to the order line
    it became part of."""

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    shipment = models.ForeignKey(LetzshopShipment, on_delete=models.CASCADE, related_name="units")
    unit_id = models.CharField(max_length=100)
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.CASCADE, related_name="letzshop_units")
    state = models.CharField(max_length=16, choices=State.choices, default=State.UNCONFIRMED)
    # when our confirmation or refusal reached Letzshop (null: not sent yet, or it failed)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["shipment_id", "id"]
        constraints = [models.UniqueConstraint(fields=["shipment", "unit_id"], name="letzshop_unit_unique")]

    def __str__(self) -> str:
        return self.unit_id
