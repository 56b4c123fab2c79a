"""Shapes of the platform API of loyalty (platform staff, public schema)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from ..platform.models import MerchantLoyaltyPolicy, ProgramDirectory
from ..platform.services import POLICY_FIELDS


class ProgramDirectorySerializer(serializers.ModelSerializer):
    merchant_id = serializers.IntegerField(read_only=True)
    merchant_name = serializers.CharField(source="merchant.name", read_only=True)

    class Meta:
        model = ProgramDirectory
        fields = [
            "merchant_id",
            "merchant_name",
            "name",
            "kind",
            "is_active",
            "members",
            "active_members",
            "transactions_30d",
            "points_issued_30d",
            "stamps_issued_30d",
            "last_activity_at",
            "refreshed_at",
        ]
        read_only_fields = fields


class PlatformStatsSerializer(serializers.Serializer):
    programmes = serializers.IntegerField()
    active_programmes = serializers.IntegerField()
    members = serializers.IntegerField()
    active_members = serializers.IntegerField()
    transactions_30d = serializers.IntegerField()
    points_issued_30d = serializers.IntegerField()
    stamps_issued_30d = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())


class StrictBooleanField(serializers.BooleanField):
    """true or false only (not "yes", 1 or "on"): settings are changed on purpose."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class MerchantPolicySerializer(serializers.ModelSerializer):
    merchant_id = serializers.IntegerField(read_only=True)
    self_enrolment = StrictBooleanField(required=False)
    voids_allowed = StrictBooleanField(required=False)
    cross_store_redemption = StrictBooleanField(required=False)
    order_reference_required = StrictBooleanField(required=False)
    ip_logging = StrictBooleanField(required=False)

    class Meta:
        model = MerchantLoyaltyPolicy
        fields = ["merchant_id", *POLICY_FIELDS, "updated_at"]
        read_only_fields = ["merchant_id", "updated_at"]

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(POLICY_FIELDS)) if isinstance(self.initial_data, dict) else []
        if unknown:
            raise serializers.ValidationError({name: [_("Unknown setting.")] for name in unknown})
        if not attrs:
            raise serializers.ValidationError(_("Send at least one setting to change."))
        return attrs
