from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from .settings import MONEY


class DiscountCode(TimeStampedModel):
    """A code a customer enters in the cart or at checkout."""

    class Kind(models.TextChoices):
        PERCENTAGE = "percentage", _("Percentage off")
        FIXED = "fixed", _("Fixed amount off")
        FREE_SHIPPING = "free_shipping", _("Free shipping")

    class AppliesTo(models.TextChoices):
        ORDER = "order", _("The whole order")
        CATEGORIES = "categories", _("Some categories")
        PRODUCTS = "products", _("Some products")

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERCENTAGE)
    # percent (0-100] for PERCENTAGE, an amount in EUR for FIXED, unused for FREE_SHIPPING
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        **{"validators": [MinValueValidator(Decimal("0"))]},
    )
    applies_to = models.CharField(_("applies to"), max_length=16, choices=AppliesTo.choices, default=AppliesTo.ORDER)
    categories = models.ManyToManyField("catalog.Category", blank=True, related_name="+", verbose_name=_("categories"))
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="+", verbose_name=_("products"))
    min_order_value = models.DecimalField(_("minimum order value"), null=True, blank=True, **MONEY)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    max_uses = models.PositiveIntegerField(_("total uses"), null=True, blank=True)
    max_uses_per_customer = models.PositiveIntegerField(_("uses per customer"), null=True, blank=True)
    uses = models.PositiveIntegerField(_("used"), default=0)
    is_active = models.BooleanField(_("active"), default=True)  # False: paused

    class Meta:
        ordering = ["store_id", "-created_at", "-id"]
        verbose_name = _("discount code")
        verbose_name_plural = _("discount codes")
        constraints = [
            models.UniqueConstraint(Upper("code"), "store", name="discount_code_unique_per_store"),
            models.CheckConstraint(
                condition=Q(max_uses__isnull=True) | Q(uses__lte=F("max_uses")), name="discount_uses_within_max"
            ),
            models.CheckConstraint(
                condition=~Q(kind="percentage") | Q(value__gt=0, value__lte=100), name="discount_percentage_range"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DiscountRedemption(models.Model):
    """One use of a code by one order; counted into DiscountCode.uses in the same transaction."""

    code = models.ForeignKey(DiscountCode, on_delete=models.PROTECT, related_name="redemptions")
    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="redemption")
    customer = models.ForeignKey("orders.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["code", "customer"], name="redemption_code_customer")]

    def __str__(self) -> str:
        return f"{self.code_id} on {self.order_id}"
