"""What the till sends and gets back."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ..models.settings import PaymentMethod
from ..services.pos import POS_METHODS, WALK_IN_DOMAIN

MONEY_MAX = Decimal("999999.99")


class PosLineInput(serializers.Serializer):
    code = serializers.CharField(max_length=64, help_text="SKU (any case) or barcode, as scanned.")
    quantity = PlainNumberField(min_value=1, max_value=settings.ORDERS["MAX_QUANTITY"])


class PosPaymentInput(serializers.Serializer):
    method = serializers.ChoiceField(choices=[(m.value, m.label) for m in POS_METHODS])
    amount = PlainNumberField(
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MONEY_MAX,
        help_text="Cash: what the customer handed over (change is answered).",
    )


class PosSaleInput(serializers.Serializer):
    lines = PosLineInput(many=True, allow_empty=False, max_length=settings.ORDERS["MAX_LINES"])
    payments = PosPaymentInput(many=True, allow_empty=False, max_length=10)
    email = serializers.EmailField(
        required=False, allow_blank=True, help_text="The customer's e-mail; empty for a walk-in sale."
    )


class PosLineOutput(serializers.Serializer):
    sku = serializers.CharField()
    gtin = serializers.CharField()
    product_title = serializers.CharField()
    variant_title = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat_rate = serializers.DecimalField(max_digits=4, decimal_places=2)
    discount_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class PosPaymentOutput(serializers.Serializer):
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class VatRowOutput(serializers.Serializer):
    rate = serializers.CharField()
    net = serializers.CharField()
    vat = serializers.CharField()
    gross = serializers.CharField()


class PosReceiptSerializer(serializers.Serializer):
    """A till sale as its receipt prints it."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    placed_at = serializers.DateTimeField()
    cashier = serializers.CharField(source="placed_by_email")
    customer_email = serializers.SerializerMethodField()
    currency = serializers.CharField()
    lines = PosLineOutput(many=True, source="lines.all")
    subtotal = serializers.DecimalField(max_digits=12, decimal_places=2)
    discount_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat_breakdown = VatRowOutput(many=True)
    payment_status = serializers.CharField()
    payments = PosPaymentOutput(many=True, source="payments.all")
    tendered = serializers.SerializerMethodField()
    change_due = serializers.SerializerMethodField()

    def get_customer_email(self, order) -> str | None:
        return None if order.email.endswith(f"@{WALK_IN_DOMAIN}") else order.email

    def _cash(self, order, key: str) -> str | None:
        events = getattr(order, "pos_events", None)
        if events is None:
            events = order.events.filter(kind="note", data__has_key="pos")
        for event in events:
            return event.data["pos"][key]
        return None

    def get_tendered(self, order) -> str:
        return self._cash(order, "tendered") or f"{order.paid_amount:.2f}"

    def get_change_due(self, order) -> str:
        return self._cash(order, "change") or "0.00"
