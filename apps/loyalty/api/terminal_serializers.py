"""The till terminal's API: what it sends and what it gets back (apps/loyalty/api/terminal.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ..errors import LoyaltyErrorCode
from ..models import StaffPin, Transaction

# --- input ---------------------------------------------------------------------------------------


class LookupInput(serializers.Serializer):
    number = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="Typed card number")
    qr = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Scanned QR payload")


class StaffInput(serializers.Serializer):
    """Who acts: the staff PIN's id and the PIN (both omitted when the programme needs none)."""

    staff_pin_id = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=20)
    pin = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=20, trim_whitespace=False)


class CardInput(StaffInput):
    """The card: its id, or its typed number, or its scanned QR payload."""

    card_id = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=20)
    card = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=20, help_text="card_id")
    number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    qr = serializers.CharField(required=False, allow_blank=True, max_length=200)


class StampInput(CardInput):
    order_reference = serializers.CharField(required=False, allow_blank=True, max_length=64)


class PointsInput(StampInput):
    amount = PlainNumberField(
        decimal_places=2, error_code=LoyaltyErrorCode.AMOUNT_INVALID, help_text='The purchase in euros, e.g. "25.00"'
    )


class RedeemInput(CardInput):
    reward_id = serializers.CharField(max_length=20, help_text="A points reward of the programme")


class VoidInput(CardInput):
    transaction_id = serializers.CharField(max_length=20)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=255)


class EnrolInput(StaffInput):
    email = serializers.EmailField(max_length=254)
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=80)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=80)
    marketing_consent = serializers.BooleanField(required=False, default=False)


class PinCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    pin = serializers.CharField(max_length=20, trim_whitespace=False, help_text="4 to 6 digits")


class PinResetInput(serializers.Serializer):
    pin = serializers.CharField(max_length=20, trim_whitespace=False, help_text="4 to 6 digits")


# --- output --------------------------------------------------------------------------------------


class TransactionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    store_code = serializers.CharField(source="store.code")
    store_name = serializers.CharField(source="store.name")
    voided_by = serializers.SerializerMethodField()

    class Meta:
        model = Transaction
        fields = [
            "id",
            "kind",
            "kind_label",
            "stamps_delta",
            "points_delta",
            "store_code",
            "store_name",
            "staff_name",
            "purchase_amount",
            "order_reference",
            "reward_name",
            "voids",
            "voided_by",
            "reason",
            "created_at",
        ]
        read_only_fields = fields

    def get_voided_by(self, txn) -> int | None:
        void = getattr(txn, "voided_by", None)
        return void.pk if void is not None else None


class RewardSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("stamps", _("Stamps")), ("points", _("Points"))])
    id = serializers.IntegerField(allow_null=True, help_text="The points reward; null for the stamp reward")
    name = serializers.CharField()
    cost = serializers.IntegerField(help_text="Stamps or points it takes")
    available = serializers.BooleanField(help_text="The card can take it now")


class CardSerializer(serializers.Serializer):
    """A `selectors.terminal.CardView`."""

    id = serializers.IntegerField(source="card.pk")
    number = serializers.CharField(source="card.number")
    display_number = serializers.CharField(source="card.display_number")
    is_active = serializers.BooleanField(source="card.is_active")
    first_name = serializers.CharField(source="card.customer.first_name")
    last_name = serializers.CharField(source="card.customer.last_name")
    name = serializers.SerializerMethodField()
    program_kind = serializers.CharField(source="program.kind")
    stamps_balance = serializers.IntegerField(source="card.stamps_balance")
    stamps_target = serializers.IntegerField(source="program.stamps_target")
    points_balance = serializers.IntegerField(source="card.points_balance")
    points_per_euro = serializers.DecimalField(source="program.points_per_euro", max_digits=6, decimal_places=2)
    multiplier = serializers.SerializerMethodField()
    tier = serializers.SerializerMethodField()
    enrolled_store_code = serializers.CharField(source="card.enrolled_store.code")
    enrolled_store_name = serializers.CharField(source="card.enrolled_store.name")
    redeemable_here = serializers.BooleanField()
    rewards = RewardSerializer(many=True)
    transactions = TransactionSerializer(many=True, source="recent")

    def get_name(self, view) -> str:
        customer = view.card.customer
        return " ".join(part for part in (customer.first_name, customer.last_name) if part) or customer.email

    def get_multiplier(self, view) -> str:
        tier = view.card.tier if view.card.tier_id else None
        return str(tier.multiplier) if tier else "1.00"

    def get_tier(self, view) -> str | None:
        return view.card.tier.name if view.card.tier_id and view.card.tier else None


class ResultSerializer(serializers.Serializer):
    card = CardSerializer()
    transaction = TransactionSerializer(allow_null=True)
    message = serializers.CharField()


class StaffSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffPin
        fields = ["id", "name", "locked_until"]
        read_only_fields = fields


class PinSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffPin
        fields = ["id", "name", "failed_attempts", "locked_until", "last_used_at", "created_at"]
        read_only_fields = fields
