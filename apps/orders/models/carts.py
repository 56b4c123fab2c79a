import secrets
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


def new_cart_token() -> str:
    return secrets.token_urlsafe(24)


class Cart(TimeStampedModel):
    """A visitor's cart in one store: a guest's by session (pages) or by token (API clients), a
    customer's once signed in (a guest cart is merged into it at login). Checkout details are kept
    on the cart until the order is placed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MERGED = "merged", _("Merged")
        ORDERED = "ordered", _("Ordered")

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    token = models.CharField(max_length=40, unique=True, default=new_cart_token)
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    customer = models.ForeignKey(
        "orders.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="carts"
    )
    discount_code = models.ForeignKey(
        "orders.DiscountCode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # checkout details, filled in step by step
    email = models.EmailField(blank=True)
    shipping_address = models.JSONField(default=dict, blank=True)
    billing_address = models.JSONField(default=dict, blank=True)  # empty: same as shipping
    shipping_method = models.ForeignKey(
        "orders.ShippingMethod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payment_method = models.CharField(max_length=16, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "customer"], condition=Q(status="open"), name="cart_one_open_per_customer"
            ),
            models.UniqueConstraint(
                fields=["store", "session_key"],
                condition=Q(status="open") & ~Q(session_key=""),
                name="cart_one_open_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"cart {self.pk} ({self.status})"


class CartLine(TimeStampedModel):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    # the unit price the customer last saw; the cart says so when the current price differs
    price_seen = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))

    class Meta:
        ordering = ["cart_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_unique_variant"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cart_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.variant_id}"
