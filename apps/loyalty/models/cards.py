"""Cards and their ledger. A card keeps its balances for quick reads, but every change is an
append-only `Transaction` written in the same database transaction as the balance (the database
refuses UPDATE and DELETE on the ledger: migration 0002), so a card's balances always equal the
sums of its ledger."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


def new_pass_token() -> str:
    return secrets.token_urlsafe(24)


class Card(TimeStampedModel):
    # twelve digits, the last a Luhn check digit (cards.py); shown as 1234-5678-9012
    number = models.CharField(_("card number"), max_length=12, unique=True)
    customer = models.OneToOneField("orders.Customer", on_delete=models.PROTECT, related_name="loyalty_card")
    enrolled_store = models.ForeignKey("tenancy.Store", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    is_active = models.BooleanField(_("active"), default=True)
    stamps_balance = models.PositiveIntegerField(_("stamps"), default=0)
    points_balance = models.PositiveIntegerField(_("points"), default=0)
    # lifetime earned (before redemptions), for the card page and the stats
    stamps_earned = models.PositiveIntegerField(default=0)
    points_earned = models.PositiveIntegerField(default=0)
    rewards_redeemed = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    # anti-fraud: the last stamp and how many stamps were given on `stamps_day` (store time zone)
    last_stamp_at = models.DateTimeField(null=True, blank=True)
    stamps_day = models.DateField(null=True, blank=True)
    stamps_today = models.PositiveSmallIntegerField(default=0)
    tier = models.ForeignKey("loyalty.Tier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    referral_code = models.CharField(max_length=16, unique=True)
    referred_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # expiry warning sent for the inactivity that started at last_activity_at
    expiry_warned_at = models.DateTimeField(null=True, blank=True)
    # wallet passes: the Apple web service token, and a version bumped on every balance change
    pass_token = models.CharField(max_length=64, default=new_pass_token)
    pass_version = models.PositiveIntegerField(default=1)
    pass_updated_at = models.DateTimeField(auto_now_add=True)
    google_synced_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("loyalty card")
        verbose_name_plural = _("loyalty cards")
        indexes = [
            models.Index(fields=["-last_activity_at"], name="loyalty_card_activity"),
            models.Index(fields=["-points_balance"], name="loyalty_card_points"),
            # the cards list: newest first (its default) and the stamps filter and sort
            models.Index(fields=["-created_at", "-id"], name="loyalty_card_created"),
            models.Index(fields=["-stamps_balance"], name="loyalty_card_stamps"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        n = self.number
        return f"{n[0:4]}-{n[4:8]}-{n[8:12]}"

    @property
    def qr_payload(self) -> str:
        """What the card's QR code and the pass barcode carry (cards.py: card_number_from_qr)."""
        return f"LOYALTY:{self.number}"


class Transaction(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome bonus")
        STAMP = "stamp", _("Stamp")
        STAMP_REDEEM = "stamp_redeem", _("Stamp reward")
        POINTS_EARN = "points_earn", _("Points earned")
        POINTS_REDEEM = "points_redeem", _("Reward")
        ONLINE_EARN = "online_earn", _("Online purchase")
        ONLINE_RETURN = "online_return", _("Online refund or return")
        REFERRAL = "referral", _("Referral bonus")
        VOID = "void", _("Void")
        EXPIRE = "expire", _("Points expired")
        ADJUST = "adjust", _("Adjustment")

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    stamps_delta = models.IntegerField(_("stamps"), default=0)
    points_delta = models.IntegerField(_("points"), default=0)
    store = models.ForeignKey("tenancy.Store", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    staff_pin = models.ForeignKey("loyalty.StaffPin", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    staff_name = models.CharField(_("staff"), max_length=80, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purchase_amount = models.DecimalField(_("purchase"), max_digits=12, decimal_places=2, null=True, blank=True)
    order_reference = models.CharField(_("order reference"), max_length=64, blank=True)
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reward = models.ForeignKey("loyalty.Reward", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reward_name = models.CharField(_("reward"), max_length=120, blank=True)
    # a void names the transaction it reverses; a transaction is voided at most once
    voids = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="voided_by")
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    device = models.CharField(_("device"), max_length=200, blank=True)
    # set by the ledger (now, or the time of a past entry brought in: ledger.entry_post's `at`)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("loyalty transaction")
        verbose_name_plural = _("loyalty transactions")
        indexes = [
            models.Index(fields=["card", "-created_at"], name="loyalty_txn_card"),
            models.Index(fields=["created_at"], name="loyalty_txn_created"),
            models.Index(fields=["order"], name="loyalty_txn_order", condition=Q(order__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.card_id}"


class LedgerDay(models.Model):
    """Per day, store, staff PIN and kind: how many transactions and their sums. Kept by the
    ledger in the same transaction as each entry, so the stats page reads days, not entries."""

    day = models.DateField()
    store_id = models.BigIntegerField()
    staff_pin_id = models.BigIntegerField(default=0)  # 0: no PIN (online, system, admin)
    kind = models.CharField(max_length=16, choices=Transaction.Kind.choices)
    count = models.PositiveIntegerField(default=0)
    stamps = models.BigIntegerField(default=0)
    points = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "store_id", "staff_pin_id", "kind"], name="loyalty_ledgerday_key")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}"


class Referral(models.Model):
    """A friend who joined with a referrer's link. Both get their bonus once, with the friend's
    first qualifying purchase."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a first purchase")
        REWARDED = "rewarded", _("Bonus given")

    referrer = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="referrals")
    friend = models.OneToOneField(Card, on_delete=models.PROTECT, related_name="referral")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    rewarded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.referrer_id} -> {self.friend_id}"


class PassDevice(models.Model):
    """An Apple Wallet device registered for a card's pass (Apple's pass web service)."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="pass_devices")
    device_library_id = models.CharField(max_length=128)
    push_token = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device_library_id", "card"], name="loyalty_passdevice_unique")]

    def __str__(self) -> str:
        return self.device_library_id
