"""The shapes of the store API's orders: what it answers (amounts as strings with two decimals,
quantities as integers) and what its actions take."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ..models import Fulfilment, FulfilmentLine, Order, OrderEvent, OrderLine, Payment, Refund, Return, ReturnLine
from ..models.settings import PaymentMethod

MAX_AMOUNT = Decimal("9999999999.99")
MAX_QUANTITY = 1_000_000
MAX_LINES = 500


def _money(**kwargs) -> PlainNumberField:
    return PlainNumberField(decimal_places=2, read_only=True, **kwargs)


class OrderListSerializer(serializers.ModelSerializer):
    total = _money()
    paid_amount = _money()
    refunded_amount = _money()

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "placed_at",
            "channel",
            "status",
            "payment_status",
            "fulfilment_status",
            "customer_id",
            "customer_name",
            "email",
            "currency",
            "total",
            "paid_amount",
            "refunded_amount",
            "needs_attention",
        ]
        read_only_fields = fields


class LineSerializer(serializers.ModelSerializer):
    quantity = PlainNumberField(read_only=True)
    quantity_fulfilled = PlainNumberField(read_only=True)
    quantity_returned = PlainNumberField(read_only=True)
    unit_price = _money()
    vat_rate = _money()
    discount_amount = _money()
    total = _money()

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "variant_id",
            "product_id",
            "product_title",
            "variant_title",
            "sku",
            "gtin",
            "quantity",
            "quantity_fulfilled",
            "quantity_returned",
            "unit_price",
            "vat_rate",
            "discount_amount",
            "total",
            "needs_match",
        ]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer):
    amount = _money()
    refunded_amount = _money()

    class Meta:
        model = Payment
        fields = [
            "id",
            "method",
            "provider",
            "status",
            "amount",
            "refunded_amount",
            "currency",
            "reference",
            "note",
            "recorded_by_email",
            "created_at",
        ]
        read_only_fields = fields


class RefundSerializer(serializers.ModelSerializer):
    amount = _money()
    shipping_amount = _money()

    class Meta:
        model = Refund
        fields = [
            "id",
            "payment_id",
            "amount",
            "shipping_amount",
            "status",
            "reason",
            "lines",
            "reference",
            "created_by_email",
            "created_at",
        ]
        read_only_fields = fields


class FulfilmentLineSerializer(serializers.ModelSerializer):
    quantity = PlainNumberField(read_only=True)

    class Meta:
        model = FulfilmentLine
        fields = ["order_line_id", "quantity"]
        read_only_fields = fields


class FulfilmentSerializer(serializers.ModelSerializer):
    lines = FulfilmentLineSerializer(many=True, read_only=True)

    class Meta:
        model = Fulfilment
        fields = [
            "id",
            "status",
            "carrier",
            "tracking_number",
            "tracking_url",
            "notify_customer",
            "delivered_at",
            "created_by_email",
            "created_at",
            "lines",
        ]
        read_only_fields = fields


class ReturnLineSerializer(serializers.ModelSerializer):
    quantity = PlainNumberField(read_only=True)

    class Meta:
        model = ReturnLine
        fields = ["order_line_id", "quantity", "reason"]
        read_only_fields = fields


class ReturnSerializer(serializers.ModelSerializer):
    lines = ReturnLineSerializer(many=True, read_only=True)

    class Meta:
        model = Return
        fields = [
            "id",
            "status",
            "reason",
            "requested_by_customer",
            "restock",
            "refund_id",
            "created_by_email",
            "created_at",
            "lines",
        ]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderEvent
        fields = ["id", "kind", "message", "data", "actor_email", "by_customer", "created_at"]
        read_only_fields = fields


class OrderSerializer(OrderListSerializer):
    subtotal = _money()
    discount_total = _money()
    shipping_total = _money()
    vat_total = _money()
    balance_due = _money()
    lines = LineSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)
    refunds = RefundSerializer(many=True, read_only=True)
    fulfilments = FulfilmentSerializer(many=True, read_only=True)
    returns = ReturnSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(OrderListSerializer.Meta):
        fields = [
            *OrderListSerializer.Meta.fields,
            "phone",
            "language",
            "shipping_address",
            "billing_address",
            "shipping_method_name",
            "is_pickup",
            "payment_method",
            "subtotal",
            "discount_total",
            "discount_code",
            "shipping_total",
            "vat_total",
            "vat_breakdown",
            "balance_due",
            "note",
            "confirmed_at",
            "cancelled_at",
            "paid_at",
            "fulfilled_at",
            "lines",
            "payments",
            "refunds",
            "fulfilments",
            "returns",
            "events",
        ]
        read_only_fields = fields


# --- Input of the actions -----------------------------------------------------------------------------


class LineQuantityInput(serializers.Serializer):
    order_line_id = PlainNumberField(min_value=1)
    quantity = PlainNumberField(min_value=1, max_value=MAX_QUANTITY)


class ReturnLineInput(LineQuantityInput):
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class CancelInput(serializers.Serializer):
    refund = serializers.BooleanField(required=False, default=False, help_text="Refund what was paid.")
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)


class FulfilInput(serializers.Serializer):
    lines = LineQuantityInput(
        many=True, required=False, max_length=MAX_LINES, help_text="Lines and units to ship; none: all that is left."
    )
    carrier = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)
    tracking_number = serializers.CharField(required=False, default="", allow_blank=True, max_length=100)
    tracking_url = serializers.URLField(required=False, default="", allow_blank=True, max_length=500)
    notify_customer = serializers.BooleanField(required=False, default=True)


class DeliverInput(serializers.Serializer):
    fulfilment_id = PlainNumberField(min_value=1)


class PaymentInput(serializers.Serializer):
    amount = PlainNumberField(decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_AMOUNT)
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class RefundInput(serializers.Serializer):
    amount = PlainNumberField(
        decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_AMOUNT, required=False, allow_null=True
    )
    lines = LineQuantityInput(many=True, required=False, max_length=MAX_LINES)
    shipping_amount = PlainNumberField(
        decimal_places=2, min_value=Decimal("0"), max_value=MAX_AMOUNT, required=False, allow_null=True
    )
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)

    def validate(self, attrs):
        if not attrs.get("amount") and not attrs.get("lines") and not attrs.get("shipping_amount"):
            raise serializers.ValidationError({"amount": [_("Send an amount, or lines (and shipping) to refund.")]})
        return attrs


class ReturnInput(serializers.Serializer):
    lines = ReturnLineInput(many=True, min_length=1, max_length=MAX_LINES)
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)


class ReturnDecisionInput(serializers.Serializer):
    return_id = PlainNumberField(min_value=1)
    restock = serializers.BooleanField(required=False, default=True)
    refund = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)


class NoteInput(serializers.Serializer):
    text = serializers.CharField(max_length=2000)
