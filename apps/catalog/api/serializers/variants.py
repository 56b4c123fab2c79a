"""Variants of a product, as the store API shows and takes them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ...models import OptionValue, Variant
from .common import Money, PriceInput
from .stock import InventorySerializer, inventory_of


class OptionValueSerializer(serializers.ModelSerializer):
    value = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = OptionValue
        fields = ["id", "option_type_id", "value"]
        read_only_fields = fields


class VariantSerializer(serializers.ModelSerializer):
    price = Money(allow_null=True, help_text="The variant's own price; null: the product's price.")
    effective_price = Money(help_text="What the variant sells for (incl. VAT).")
    options = OptionValueSerializer(source="option_values", many=True, read_only=True)
    stock = serializers.SerializerMethodField()

    class Meta:
        model = Variant
        fields = [
            "id",
            "product_id",
            "sku",
            "barcode",
            "price",
            "effective_price",
            "position",
            "weight_grams",
            "options",
            "stock",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(InventorySerializer(allow_null=True))
    def get_stock(self, variant):
        item = inventory_of(variant)
        return InventorySerializer(item).data if item is not None else None


class VariantInputSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=64)
    barcode = serializers.CharField(max_length=32, allow_blank=True, required=False)
    price = PriceInput(required=False, allow_null=True, help_text="Null or left out: the product's price.")
    option_value_ids = serializers.ListField(child=PlainNumberField(min_value=1), required=False)


class VariantCreateSerializer(VariantInputSerializer):
    stock = PlainNumberField(min_value=0, max_value=1_000_000, required=False, default=0)
