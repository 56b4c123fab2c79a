from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class PaymentMethod(models.TextChoices):
    """How an order is paid. The first four a customer chooses at checkout; the till records
    cash or card-present; marketplace orders are paid to the marketplace."""

    CARD = "card", _("Card (online)")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    PAY_AT_PICKUP = "pay_at_pickup", _("Cash or card at pickup")
    INVOICE = "invoice", _("Invoice")
    CASH = "cash", _("Cash")
    CARD_PRESENT = "card_present", _("Card at the till")
    MARKETPLACE = "marketplace", _("Paid on the marketplace")


OFFLINE_METHODS = (PaymentMethod.BANK_TRANSFER, PaymentMethod.PAY_AT_PICKUP, PaymentMethod.INVOICE)


class CheckoutSettings(TimeStampedModel):
    """How a store takes payment: the offline methods it offers and its bank details. Card
    payments depend on the store's Stripe account (StripeAccount)."""

    store = models.OneToOneField(
        "tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False, primary_key=True
    )
    bank_transfer_enabled = models.BooleanField(_("bank transfer"), default=False)
    pay_at_pickup_enabled = models.BooleanField(_("cash or card at pickup"), default=False)
    invoice_enabled = models.BooleanField(_("invoice for known customers"), default=False)
    card_enabled = models.BooleanField(_("card payments"), default=True)
    account_holder = models.CharField(_("account holder"), max_length=120, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    invoice_terms_days = models.PositiveSmallIntegerField(_("invoice payment terms (days)"), default=14)
    # who hears of new orders; empty: the store's contact e-mail
    notify_email = models.EmailField(_("new-order notices to"), blank=True)

    class Meta:
        ordering = ["store_id"]
        verbose_name = _("checkout settings")
        verbose_name_plural = _("checkout settings")

    def __str__(self) -> str:
        return f"checkout settings of store {self.store_id}"


class ShippingZone(models.TextChoices):
    LU = "lu", _("Luxembourg")
    NEIGHBOURS = "neighbours", _("Belgium, Germany, France")
    EU = "eu", _("Rest of the EU")


# ISO codes of each zone. "Rest of the EU" is every member state not in the zones before it.
EU_COUNTRIES = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]
ZONE_COUNTRIES = {
    ShippingZone.LU: ("LU",),
    ShippingZone.NEIGHBOURS: ("BE", "DE", "FR"),
    ShippingZone.EU: tuple(code for code in EU_COUNTRIES if code not in ("LU", "BE", "DE", "FR")),
}


class ShippingMethod(TimeStampedModel):
    """A way a store delivers: a flat rate to one zone (optionally free above an amount, or by
    weight), or click-and-collect at the store."""

    class Kind(models.TextChoices):
        FLAT = "flat", _("Flat rate")
        WEIGHT = "weight", _("By weight")
        PICKUP = "pickup", _("Click and collect")

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FLAT)
    # empty for pickup
    zone = models.CharField(_("zone"), max_length=16, choices=ShippingZone.choices, blank=True)
    price = models.DecimalField(_("price incl. VAT"), default=Decimal("0"), **MONEY)
    free_above = models.DecimalField(_("free from an order of"), null=True, blank=True, **MONEY)
    # by weight: [{"up_to_grams": 2000, "price": "6.90"}, ...] in ascending order; above the
    # last band the method is not offered
    weight_rates = models.JSONField(_("rates by weight"), default=list, blank=True)
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=4, decimal_places=2, default=Decimal("17.00"))
    delivery_days = models.CharField(_("delivery time"), max_length=40, blank=True)
    pickup_instructions = models.CharField(_("pickup instructions"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["store_id", "position", "id"]
        verbose_name = _("shipping method")
        verbose_name_plural = _("shipping methods")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="shipping_price_not_negative"),
            models.CheckConstraint(
                condition=Q(kind="pickup", zone="") | (~Q(kind="pickup") & ~Q(zone="")),
                name="shipping_zone_unless_pickup",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pickup(self) -> bool:
        return self.kind == self.Kind.PICKUP

    @property
    def countries(self) -> tuple[str, ...]:
        return ZONE_COUNTRIES.get(self.zone, ())
