"""The merchant's loyalty programme (one per merchant, shared by all its stores), the rewards
points buy, the optional tiers, and the staff PINs of each store's terminal."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


class Program(TimeStampedModel):
    class Kind(models.TextChoices):
        STAMPS = "stamps", _("Stamps")
        POINTS = "points", _("Points")
        HYBRID = "hybrid", _("Stamps and points")

    # one row per merchant schema: `key` is always 1
    key = models.PositiveSmallIntegerField(default=1, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices, default=Kind.STAMPS)
    is_active = models.BooleanField(_("programme is on"), default=True)
    name = models.CharField(_("card name"), max_length=80)
    terms = models.TextField(_("terms"), blank=True)
    # stamps
    stamps_target = models.PositiveSmallIntegerField(
        _("stamps for a reward"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    stamps_reward = models.CharField(_("stamp reward"), max_length=120, blank=True)
    # what the stamp reward is worth when a customer spends it online (a discount), if anything
    stamps_reward_value = models.DecimalField(
        _("stamp reward value online"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # points
    points_per_euro = models.DecimalField(
        _("points per euro"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    min_redemption_points = models.PositiveIntegerField(_("minimum points to redeem"), default=0)
    points_expiry_months = models.PositiveSmallIntegerField(
        _("points expire after months without activity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    expiry_warning_days = models.PositiveSmallIntegerField(_("warn days before expiry"), default=14)
    welcome_bonus_points = models.PositiveIntegerField(_("welcome bonus (points)"), default=0)
    welcome_bonus_stamps = models.PositiveSmallIntegerField(_("welcome bonus (stamps)"), default=0)
    online_earning = models.BooleanField(_("online purchases earn"), default=True)
    # branding of the card, the pass and the join page
    card_colour = models.CharField(_("card colour"), max_length=7, default="#1f3a5f", validators=[COLOUR])
    text_colour = models.CharField(_("text colour"), max_length=7, default="#ffffff", validators=[COLOUR])
    logo = models.ImageField(_("logo"), upload_to="loyalty/logos/", blank=True)
    hero_image = models.ImageField(_("hero image"), upload_to="loyalty/heroes/", blank=True)
    # anti-fraud
    stamp_cooldown_minutes = models.PositiveSmallIntegerField(
        _("minutes between two stamps"), default=15, validators=[MaxValueValidator(24 * 60)]
    )
    max_stamps_per_day = models.PositiveSmallIntegerField(
        _("stamps per card per day"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    pin_required = models.BooleanField(_("staff PIN required"), default=True)
    pin_max_attempts = models.PositiveSmallIntegerField(
        _("wrong PINs before lockout"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    pin_lockout_minutes = models.PositiveSmallIntegerField(
        _("lockout minutes"), default=30, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    # tiers and referrals
    tiers_enabled = models.BooleanField(_("tiers"), default=False)
    referrals_enabled = models.BooleanField(_("referrals"), default=False)
    referral_bonus_referrer = models.PositiveIntegerField(_("referrer's bonus (points or stamps)"), default=0)
    referral_bonus_friend = models.PositiveIntegerField(_("friend's bonus (points or stamps)"), default=0)
    referral_min_order = models.DecimalField(
        _("qualifying purchase from"), max_digits=10, decimal_places=2, default=Decimal("0.00")
    )

    class Meta:
        verbose_name = _("loyalty programme")
        verbose_name_plural = _("loyalty programmes")

    def __str__(self) -> str:
        return self.name

    @property
    def has_stamps(self) -> bool:
        return self.kind in (self.Kind.STAMPS, self.Kind.HYBRID)

    @property
    def has_points(self) -> bool:
        return self.kind in (self.Kind.POINTS, self.Kind.HYBRID)


class Reward(TimeStampedModel):
    """What points buy: at the till, or online as a discount worth `online_value`."""

    name = models.CharField(_("reward"), max_length=120)
    description = models.CharField(_("description"), max_length=255, blank=True)
    points_cost = models.PositiveIntegerField(_("points"), validators=[MinValueValidator(1)])
    online_value = models.DecimalField(_("value online (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["points_cost", "id"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")

    def __str__(self) -> str:
        return self.name


class Tier(TimeStampedModel):
    """A level reached by what a card earned in the last twelve months (points, or stamps in a
    stamps programme), never by its balance. Its multiplier applies to what is earned from then on."""

    name = models.CharField(_("tier"), max_length=60)
    threshold = models.PositiveIntegerField(_("earned in 12 months"))
    multiplier = models.DecimalField(
        _("multiplier"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("1.00")), MaxValueValidator(Decimal("10.00"))],
    )

    class Meta:
        ordering = ["threshold", "id"]
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        constraints = [models.UniqueConstraint(fields=["threshold"], name="loyalty_tier_threshold_unique")]

    def __str__(self) -> str:
        return self.name


class StaffPin(TimeStampedModel):
    """A staff member's PIN at one store's terminal. Only a keyed hash is kept (pins.py); wrong
    tries are counted and lock the PIN for the programme's lockout time."""

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    name = models.CharField(_("staff name"), max_length=80)
    pin_salt = models.CharField(max_length=32)
    pin_hash = models.CharField(max_length=64)
    failed_attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("staff PIN")
        verbose_name_plural = _("staff PINs")
        constraints = [
            models.UniqueConstraint(
                fields=["store", "name"], condition=Q(is_active=True), name="loyalty_pin_name_unique_per_store"
            )
        ]

    def __str__(self) -> str:
        return self.name
