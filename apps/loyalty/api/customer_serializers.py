"""What the customer's side of the loyalty API reads and answers."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Card, Program, Reward, Transaction
from ..services.customer import EMAIL_MAX, NAME_MAX, REFERRAL_MAX, JoinRequest


class RewardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reward
        fields = ["id", "name", "description", "points_cost", "online_value"]


class ProgramSerializer(serializers.ModelSerializer):
    rewards = serializers.SerializerMethodField()
    self_enrolment = serializers.SerializerMethodField()
    join_url = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "name",
            "kind",
            "is_active",
            "terms",
            "stamps_target",
            "stamps_reward",
            "points_per_euro",
            "min_redemption_points",
            "welcome_bonus_points",
            "welcome_bonus_stamps",
            "online_earning",
            "card_colour",
            "text_colour",
            "referrals_enabled",
            "self_enrolment",
            "join_url",
            "rewards",
        ]

    def get_rewards(self, program) -> list[dict]:
        return RewardSerializer(self.context.get("rewards", []), many=True).data

    def get_self_enrolment(self, program) -> bool:
        return bool(self.context.get("self_enrolment"))

    def get_join_url(self, program) -> str:
        return self.context.get("join_url", "")


class PublicProgramSerializer(ProgramSerializer):
    class Meta(ProgramSerializer.Meta):
        fields = [
            "name",
            "kind",
            "is_active",
            "stamps_target",
            "stamps_reward",
            "points_per_euro",
            "welcome_bonus_points",
            "welcome_bonus_stamps",
            "card_colour",
            "text_colour",
            "self_enrolment",
            "join_url",
            "rewards",
        ]


class CardSerializer(serializers.ModelSerializer):
    display_number = serializers.CharField(read_only=True)
    qr_payload = serializers.CharField(read_only=True)
    tier = serializers.SerializerMethodField()
    email = serializers.EmailField(source="customer.email", read_only=True)

    class Meta:
        model = Card
        fields = [
            "number",
            "display_number",
            "qr_payload",
            "email",
            "is_active",
            "stamps_balance",
            "points_balance",
            "stamps_earned",
            "points_earned",
            "tier",
            "referral_code",
            "last_activity_at",
            "created_at",
        ]

    def get_tier(self, card) -> str | None:
        return card.tier.name if card.tier_id and card.tier else None


class TransactionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    store = serializers.SerializerMethodField()

    class Meta:
        model = Transaction
        fields = [
            "id",
            "kind",
            "kind_label",
            "stamps_delta",
            "points_delta",
            "store",
            "reward_name",
            "order_reference",
            "created_at",
        ]

    def get_store(self, transaction) -> dict:
        store = transaction.store
        return {"code": store.code, "name": store.name}


class EnrolInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=EMAIL_MAX)
    first_name = serializers.CharField(max_length=NAME_MAX, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=NAME_MAX, required=False, allow_blank=True, default="")
    terms_accepted = serializers.BooleanField(help_text="Must be true: the customer accepts the programme's terms.")
    marketing_consent = serializers.BooleanField(required=False, default=False)
    referral_code = serializers.CharField(max_length=REFERRAL_MAX, required=False, allow_blank=True, default="")

    def validate_terms_accepted(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError("Accept the programme's terms to join.")
        return value

    def join_request(self) -> JoinRequest:
        return JoinRequest(**self.validated_data)
