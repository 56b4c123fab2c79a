"""Stock of a variant: its inventory row, its ledger, and the changes the API takes."""

from __future__ import annotations

from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ...models import InventoryItem, Product, StockMovement, Variant


class InventorySerializer(serializers.ModelSerializer):
    available = serializers.IntegerField(read_only=True, help_text="On hand minus reserved for orders.")
    is_low = serializers.BooleanField(read_only=True, help_text="Available at or below the low-stock threshold.")

    class Meta:
        model = InventoryItem
        fields = ["quantity", "reserved", "available", "bin_location", "low_stock_threshold", "is_low", "updated_at"]
        read_only_fields = fields


def inventory_of(variant: Variant) -> InventoryItem | None:
    try:
        return variant.inventory
    except InventoryItem.DoesNotExist:
        return None


def inventory_items(product: Product) -> list[InventoryItem]:
    return [item for variant in product.variants.all() if (item := inventory_of(variant)) is not None]


class MovementSerializer(serializers.ModelSerializer):
    class Meta:
        model = StockMovement
        fields = ["id", "delta", "reserved_delta", "quantity_after", "reason", "note", "actor_email", "created_at"]
        read_only_fields = fields


class StockSerializer(serializers.Serializer):
    """Stock of one variant and its latest ledger rows (newest first)."""

    variant_id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    sku = serializers.CharField()
    inventory = InventorySerializer()
    movements = MovementSerializer(many=True)


ADJUST_REASONS = [
    (reason.value, reason.label)
    for reason in (
        StockMovement.Reason.RECEIVED,
        StockMovement.Reason.SOLD,
        StockMovement.Reason.RETURNED,
        StockMovement.Reason.DAMAGED,
        StockMovement.Reason.ADJUSTMENT,
    )
]


class StockAdjustSerializer(serializers.Serializer):
    delta = PlainNumberField(help_text="Units to add (positive) or remove (negative); not 0.")
    reason = serializers.ChoiceField(choices=ADJUST_REASONS)
    note = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class StockCountSerializer(serializers.Serializer):
    quantity = PlainNumberField(help_text="Units counted on hand; the difference is recorded as a count.")
    note = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class InventorySettingsSerializer(serializers.Serializer):
    bin_location = serializers.CharField(max_length=40, allow_blank=True, required=False)
    low_stock_threshold = PlainNumberField(min_value=0, max_value=1_000_000, required=False)
