"""What the store API answers for the cards list and the programme's statistics."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Card


class CardListSerializer(serializers.ModelSerializer):
    display_number = serializers.CharField(read_only=True)
    customer_id = serializers.IntegerField(read_only=True)
    first_name = serializers.CharField(source="customer.first_name", read_only=True)
    last_name = serializers.CharField(source="customer.last_name", read_only=True)
    email = serializers.EmailField(source="customer.email", read_only=True)
    tier = serializers.CharField(source="tier.name", read_only=True, default=None, allow_null=True)
    enrolled_store_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Card
        fields = [
            "id", "number", "display_number", "customer_id", "first_name", "last_name", "email", "is_active",
            "stamps_balance", "points_balance", "stamps_earned", "points_earned", "rewards_redeemed", "tier",
            "enrolled_store_id", "created_at", "last_activity_at",
        ]  # fmt: skip
        read_only_fields = fields


class FiguresSerializer(serializers.Serializer):
    transactions = serializers.IntegerField()
    stamps_issued = serializers.IntegerField()
    stamps_redeemed = serializers.IntegerField()
    points_issued = serializers.IntegerField()
    points_redeemed = serializers.IntegerField()
    rewards = serializers.IntegerField()
    stamps_corrected = serializers.IntegerField(help_text="Net stamps of voids, adjustments, expiries and returns.")
    points_corrected = serializers.IntegerField(help_text="Net points of voids, adjustments, expiries and returns.")


class StoreFiguresSerializer(FiguresSerializer):
    store_id = serializers.IntegerField(source="key")
    store = serializers.CharField(source="label")


class StaffFiguresSerializer(FiguresSerializer):
    staff_pin_id = serializers.IntegerField(source="key")
    name = serializers.CharField(source="label")
    store = serializers.CharField(source="store_label")


class BucketFiguresSerializer(FiguresSerializer):
    start = serializers.DateField(source="key", help_text="The first day of the day or week.")


class StatsSerializer(serializers.Serializer):
    days = serializers.IntegerField(help_text="30, 90 or 365.")
    first = serializers.DateField()
    last = serializers.DateField()
    bucket = serializers.ChoiceField(choices=["day", "week"], help_text="What one entry of `series` covers.")
    members = serializers.IntegerField()
    active_members = serializers.IntegerField(help_text="Cards with activity in the last 30 days.")
    new_members = serializers.IntegerField(help_text="Cards enrolled in the period.")
    totals = FiguresSerializer()
    stores = StoreFiguresSerializer(many=True)
    staff = StaffFiguresSerializer(many=True)
    series = BucketFiguresSerializer(many=True)
