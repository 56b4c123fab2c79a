"""Input and output of the storefront's cart, checkout and order API."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ..errors import OrdersErrorCode

QUANTITY = {
    "min_value": 1,
    "max_value": settings.ORDERS["MAX_QUANTITY"],
    "error_code": OrdersErrorCode.QUANTITY_INVALID,
}


class LineAddSerializer(serializers.Serializer):
    variant_id = PlainNumberField(min_value=1)
    quantity = PlainNumberField(**QUANTITY)


class LineSetSerializer(serializers.Serializer):
    quantity = PlainNumberField(**QUANTITY)


class DiscountSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class AddressSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    company = serializers.CharField(max_length=120, required=False, allow_blank=True)
    line1 = serializers.CharField(max_length=200)
    line2 = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=16)
    city = serializers.CharField(max_length=100)
    country = serializers.CharField(max_length=2, help_text="ISO code, e.g. LU.")
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class CheckoutSetSerializer(serializers.Serializer):
    """Any of the checkout details; those left out stay as they are."""

    email = serializers.CharField(max_length=254, required=False)
    shipping_address = serializers.JSONField(required=False, help_text="An address (see Address).")
    billing_address = serializers.JSONField(required=False, help_text="An address, or {} for the shipping address.")
    shipping_method_id = PlainNumberField(min_value=1, required=False)
    payment_method = serializers.CharField(max_length=16, required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class PlaceSerializer(serializers.Serializer):
    expected_prices = serializers.DictField(
        child=PlainNumberField(decimal_places=2, min_value=0),
        required=False,
        help_text="{variant id: unit price shown}; default: the prices the cart last showed (price_seen).",
    )


class CartLineOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    variant_id = serializers.IntegerField()
    product_title = serializers.CharField()
    variant_title = serializers.CharField()
    sku = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    price_seen = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    available = serializers.IntegerField()
    changes = serializers.ListField(
        child=serializers.ChoiceField(["price_up", "price_down", "unavailable", "short"]),
        help_text="What changed since the line was added.",
    )


class TotalsOutSerializer(serializers.Serializer):
    subtotal = serializers.DecimalField(max_digits=12, decimal_places=2)
    discount_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    shipping_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat_breakdown = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class CartOutSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as X-Cart-Token (guests).")
    lines = CartLineOutSerializer(many=True)
    count = serializers.IntegerField()
    orderable = serializers.BooleanField()
    discount_code = serializers.CharField()
    discount_error = serializers.CharField()
    email = serializers.CharField()
    shipping_address = serializers.DictField()
    billing_address = serializers.DictField()
    shipping_method_id = serializers.IntegerField(allow_null=True)
    payment_method = serializers.CharField()
    note = serializers.CharField()
    totals = TotalsOutSerializer()


class OrderLineOutSerializer(serializers.Serializer):
    product_title = serializers.CharField()
    variant_title = serializers.CharField()
    sku = serializers.CharField()
    quantity = serializers.IntegerField()
    quantity_fulfilled = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class OrderOutSerializer(serializers.Serializer):
    number = serializers.CharField()
    placed_at = serializers.DateTimeField()
    status = serializers.CharField()
    payment_status = serializers.CharField()
    fulfilment_status = serializers.CharField()
    payment_method = serializers.CharField()
    subtotal = serializers.DecimalField(max_digits=12, decimal_places=2)
    discount_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    shipping_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat_total = serializers.DecimalField(max_digits=12, decimal_places=2)


class OrderDetailOutSerializer(OrderOutSerializer):
    shipping_address = serializers.DictField()
    billing_address = serializers.DictField()
    shipping_method_name = serializers.CharField()
    vat_breakdown = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    lines = OrderLineOutSerializer(many=True, source="lines.all")
    tracking = serializers.SerializerMethodField()

    def get_tracking(self, order) -> list[dict]:
        return [
            {"carrier": f.carrier, "number": f.tracking_number, "url": f.tracking_url, "status": f.status}
            for f in order.fulfilments.all()
        ]


def cart_out(view) -> dict:
    cart = view.cart
    totals = view.totals
    return {
        "token": cart.token,
        "lines": [
            {
                "id": line.line_id,
                "variant_id": line.variant_id,
                "product_title": line.title,
                "variant_title": line.sale.variant_title if line.sale else "",
                "sku": line.sale.sku if line.sale else "",
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "price_seen": line.price_seen,
                "amount": line.amount,
                "available": line.available,
                "changes": [name for name in ("price_up", "price_down", "unavailable", "short") if getattr(line, name)],
            }
            for line in view.lines
        ],
        "count": view.count,
        "orderable": view.orderable,
        "discount_code": view.discount_code,
        "discount_error": view.discount_error,
        "email": cart.email,
        "shipping_address": cart.shipping_address,
        "billing_address": cart.billing_address,
        "shipping_method_id": cart.shipping_method_id,
        "payment_method": cart.payment_method,
        "note": cart.note,
        "totals": {
            "subtotal": totals.subtotal,
            "discount_total": totals.discount_total,
            "shipping_total": totals.shipping_total,
            "total": totals.total,
            "vat_total": totals.vat_total,
            "vat_breakdown": [row.as_dict() for row in totals.vat_breakdown],
        },
    }
