"""The store API's programme, rewards and tiers: what is answered and what is taken. Inputs only
parse (numbers through PlainNumberField); the bounds and rules are the services' own, so a wrong
value answers 400 {"code", "message", "fields"} naming the field, as the settings page shows it."""

from __future__ import annotations

from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ..models import Program, Reward, Tier
from ..services.program import FIELDS


class RewardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reward
        fields = ["id", "name", "description", "points_cost", "online_value", "is_active", "position"]
        read_only_fields = fields


class TierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tier
        fields = ["id", "name", "threshold", "multiplier"]
        read_only_fields = fields


class ProgramSerializer(serializers.ModelSerializer):
    rewards = serializers.SerializerMethodField()
    tiers = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = ["is_active", *FIELDS, "logo", "hero_image", "rewards", "tiers", "created_at", "updated_at"]
        read_only_fields = fields

    def get_rewards(self, program) -> list[dict]:
        return RewardSerializer(self.context.get("rewards", []), many=True).data

    def get_tiers(self, program) -> list[dict]:
        return TierSerializer(self.context.get("tiers", []), many=True).data


def _count(**kwargs) -> PlainNumberField:
    return PlainNumberField(required=False, min_value=0, **kwargs)


def _amount(**kwargs) -> PlainNumberField:
    return PlainNumberField(required=False, decimal_places=2, min_value=0, **kwargs)


class ProgramInput(serializers.Serializer):
    """Every field is optional: creation starts from the defaults, a change keeps what is not sent."""

    is_active = serializers.BooleanField(required=False)
    name = serializers.CharField(required=False, allow_blank=True, max_length=80)
    terms = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    kind = serializers.ChoiceField(choices=Program.Kind.choices, required=False)
    stamps_target = _count()
    stamps_reward = serializers.CharField(required=False, allow_blank=True, max_length=120)
    stamps_reward_value = _amount(allow_null=True)
    points_per_euro = _amount()
    min_redemption_points = _count()
    points_expiry_months = _count(allow_null=True)
    expiry_warning_days = _count()
    welcome_bonus_points = _count()
    welcome_bonus_stamps = _count()
    online_earning = serializers.BooleanField(required=False)
    card_colour = serializers.CharField(required=False, max_length=20, help_text="#RRGGBB")
    text_colour = serializers.CharField(required=False, max_length=20, help_text="#RRGGBB")
    stamp_cooldown_minutes = _count()
    max_stamps_per_day = _count()
    pin_required = serializers.BooleanField(required=False)
    pin_max_attempts = _count()
    pin_lockout_minutes = _count()
    tiers_enabled = serializers.BooleanField(required=False)
    referrals_enabled = serializers.BooleanField(required=False)
    referral_bonus_referrer = _count()
    referral_bonus_friend = _count()
    referral_min_order = _amount()


class RewardInput(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, max_length=255)
    points_cost = PlainNumberField(required=False, min_value=0)
    online_value = PlainNumberField(required=False, decimal_places=2, min_value=0, allow_null=True)
    position = PlainNumberField(required=False, min_value=0, max_value=32767)
    is_active = serializers.BooleanField(required=False)


class TierInput(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=60)
    threshold = PlainNumberField(required=False, min_value=0)
    multiplier = PlainNumberField(required=False, decimal_places=2, min_value=0)
