from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.models import TimeStampedModel

from .settings import PaymentMethod


class Channel(models.TextChoices):
    STOREFRONT = "storefront", _("Online store")
    POS = "pos", _("Till")
    LETZSHOP = "letzshop", _("Letzshop")
    BACKOFFICE = "backoffice", _("Back office")


class OrderStatus(models.TextChoices):
    """The order's own state, apart from payment and fulfilment (as Shopify keeps them)."""

    OPEN = "open", _("Open")  # placed, waiting for the merchant to confirm
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", pgettext_lazy("order", "Cancelled")
    EXPIRED = "expired", _("Expired")  # an online card payment never came; the stock went back


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Payment pending")
    PARTIALLY_PAID = "partially_paid", _("Partially paid")
    PAID = "paid", _("Paid")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")
    VOIDED = "voided", _("Voided")  # cancelled before anything was paid


class FulfilmentStatus(models.TextChoices):
    UNFULFILLED = "unfulfilled", _("Unfulfilled")
    PARTIALLY_FULFILLED = "partially_fulfilled", _("Partially fulfilled")
    FULFILLED = "fulfilled", _("Fulfilled")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", pgettext_lazy("order", "Returned")
    PARTIALLY_RETURNED = "partially_returned", _("Partially returned")


AMOUNT = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0")}


class Order(TimeStampedModel):
    """An order of any channel. Everything a customer agreed to is copied onto it (addresses,
    titles, prices, VAT), so later changes to the catalog or address book never change it."""

    Channel = Channel
    Status = OrderStatus
    PaymentStatus = PaymentStatus
    FulfilmentStatus = FulfilmentStatus

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    # ORION-000123: the store code and a gapless sequence per store (sequence_number)
    number = models.CharField(_("number"), max_length=40)
    sequence_number = models.PositiveIntegerField()
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.STOREFRONT)
    status = models.CharField(_("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    payment_status = models.CharField(
        _("payment"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    fulfilment_status = models.CharField(
        _("fulfilment"), max_length=20, choices=FulfilmentStatus.choices, default=FulfilmentStatus.UNFULFILLED
    )
    customer = models.ForeignKey(
        "orders.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    email = models.EmailField(_("e-mail address"))
    customer_name = models.CharField(_("customer"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    # {"first_name", "last_name", "company", "line1", "line2", "postal_code", "city", "country", "phone"}
    shipping_address = models.JSONField(_("shipping address"), default=dict, blank=True)
    billing_address = models.JSONField(_("billing address"), default=dict, blank=True)
    shipping_method = models.ForeignKey(
        "orders.ShippingMethod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shipping_method_name = models.CharField(_("shipping"), max_length=80, blank=True)
    is_pickup = models.BooleanField(_("click and collect"), default=False)
    payment_method = models.CharField(_("payment method"), max_length=16, choices=PaymentMethod.choices)
    currency = models.CharField(max_length=3, default="EUR")
    # all amounts include VAT; subtotal is the lines before the discount
    subtotal = models.DecimalField(_("subtotal"), **AMOUNT)
    discount_total = models.DecimalField(_("discount"), **AMOUNT)
    shipping_total = models.DecimalField(_("shipping"), **AMOUNT)
    shipping_vat_rate = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("17.00"))
    total = models.DecimalField(_("total"), **AMOUNT)
    vat_total = models.DecimalField(_("VAT"), **AMOUNT)
    # [{"rate": "17.00", "net": "...", "vat": "...", "gross": "..."}], lines and shipping together
    vat_breakdown = models.JSONField(default=list, blank=True)
    paid_amount = models.DecimalField(_("paid"), **AMOUNT)
    refunded_amount = models.DecimalField(_("refunded"), **AMOUNT)
    discount_code = models.CharField(_("discount code"), max_length=40, blank=True)
    note = models.CharField(_("customer note"), max_length=500, blank=True)
    placed_at = models.DateTimeField(_("placed"), db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    # an unpaid online card order is cancelled (stock released) after this
    expires_at = models.DateTimeField(null=True, blank=True)
    # marketplace orders: the marketplace's id of the order, so a sync never creates it twice
    external_id = models.CharField(max_length=100, blank=True)
    # a line could not be matched to the catalog, or something else needs the merchant's eye
    needs_attention = models.BooleanField(default=False)
    # who placed it in the back office or at the till (ids of the merchant's users)
    placed_by_id = models.BigIntegerField(null=True, blank=True)
    placed_by_email = models.CharField(max_length=254, blank=True)
    # number, e-mail and name in one lower-case text, trigram-indexed for the order search
    search_text = models.TextField(default="", editable=False)

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [
            models.UniqueConstraint(fields=["store", "number"], name="order_number_unique_per_store"),
            models.UniqueConstraint(fields=["store", "sequence_number"], name="order_sequence_unique_per_store"),
            models.UniqueConstraint(
                fields=["store", "channel", "external_id"],
                condition=~Q(external_id=""),
                name="order_external_id_unique",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
            models.CheckConstraint(condition=Q(paid_amount__gte=0), name="order_paid_not_negative"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("paid_amount")),
                name="order_refund_within_paid",
            ),
        ]
        indexes = [
            models.Index(fields=["store", "-placed_at", "-id"], name="order_store_placed"),
            models.Index(fields=["store", "status", "-placed_at"], name="order_store_status"),
            models.Index(fields=["store", "payment_status", "-placed_at"], name="order_store_payment"),
            models.Index(fields=["store", "fulfilment_status", "-placed_at"], name="order_store_fulfilment"),
            models.Index(
                fields=["expires_at"],
                condition=Q(expires_at__isnull=False, payment_status="pending"),
                name="order_unpaid_expiry",
            ),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="order_search_trgm"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_walk_in(self) -> bool:
        """A till sale to nobody in particular (its e-mail is a reserved .invalid placeholder)."""
        return self.email.endswith(".invalid")

    @property
    def balance_due(self) -> Decimal:
        return max(self.total - self.paid_amount, Decimal("0"))

    @property
    def refundable(self) -> Decimal:
        return self.paid_amount - self.refunded_amount

    @property
    def is_cancellable(self) -> bool:
        return self.status in (OrderStatus.OPEN, OrderStatus.CONFIRMED) and self.fulfilment_status in (
            FulfilmentStatus.UNFULFILLED,
        )


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    # the variant sold; null once it is deleted from the catalog (the snapshot stays), or when a
    # marketplace line matched nothing (needs_match)
    variant = models.ForeignKey("catalog.Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    product_id = models.BigIntegerField(null=True, blank=True)
    product_title = models.CharField(_("product"), max_length=200)
    variant_title = models.CharField(_("variant"), max_length=200, blank=True)  # "Blue / M"
    sku = models.CharField(_("SKU"), max_length=64, blank=True)
    gtin = models.CharField(_("GTIN / EAN"), max_length=32, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price incl. VAT"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=4, decimal_places=2)
    # this line's share of the order's discount
    discount_amount = models.DecimalField(_("discount"), **AMOUNT)
    # quantity * unit_price - discount_amount
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    quantity_fulfilled = models.PositiveIntegerField(default=0)
    quantity_returned = models.PositiveIntegerField(default=0)
    # marketplace lines: the marketplace's id of the line (inventory unit) and whether it matched
    external_id = models.CharField(max_length=100, blank=True)
    needs_match = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order_id", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(quantity_fulfilled__lte=F("quantity")), name="order_line_fulfilled_within_quantity"
            ),
            models.CheckConstraint(
                condition=Q(quantity_returned__lte=F("quantity_fulfilled")),
                name="order_line_returned_within_fulfilled",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_line_total_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku or self.product_title}"

    @property
    def quantity_unfulfilled(self) -> int:
        return self.quantity - self.quantity_fulfilled


class OrderEvent(models.Model):
    """The order's timeline: every change, e-mail and internal note, with who did it."""

    class Kind(models.TextChoices):
        PLACED = "placed", _("Order placed")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", pgettext_lazy("order", "Cancelled")
        EXPIRED = "expired", _("Expired unpaid")
        PAYMENT = "payment", _("Payment")
        PAYMENT_FAILED = "payment_failed", _("Payment failed")
        REFUND = "refund", _("Refund")
        FULFILLED = "fulfilled", _("Fulfilled")
        DELIVERED = "delivered", _("Delivered")
        RETURN = "return", _("Return")
        INVOICE = "invoice", _("Invoice")
        EMAIL = "email", _("E-mail sent")
        NOTE = "note", _("Note")
        MARKETPLACE = "marketplace", _("Marketplace")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    # a member of staff (ids in the merchant's schema), the customer, or the system when both empty
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_email = models.CharField(max_length=254, blank=True)
    by_customer = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["order_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"
