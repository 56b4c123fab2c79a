from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from apps.core.models import TimeStampedModel


class Customer(TimeStampedModel):
    """Someone who buys from the merchant, in any of its stores: with a storefront account
    (`user`) or as a guest known by e-mail. One per e-mail address within the merchant."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="customer"
    )
    # the merchant's own customer number (a gapless sequence), shown as C-000042
    number = models.PositiveIntegerField(_("customer number"), unique=True)
    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    marketing_consent = models.BooleanField(_("accepts marketing e-mails"), default=False)
    marketing_consent_at = models.DateTimeField(_("marketing consent given"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # the store where the customer first bought or signed up
    first_store = models.ForeignKey(
        "tenancy.Store", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    # kept by the order and payment services, so lists sort and filter without aggregating orders
    orders_count = models.PositiveIntegerField(_("orders"), default=0)
    total_spent = models.DecimalField(_("lifetime spend"), max_digits=14, decimal_places=2, default=0)
    last_order_at = models.DateTimeField(_("last order"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="customer_email_unique"),
            models.CheckConstraint(condition=Q(total_spent__gte=0), name="customer_spent_not_negative"),
        ]
        indexes = [models.Index(fields=["-last_order_at"], name="customer_last_order")]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_number(self) -> str:
        return f"C-{self.number:06d}"

    @property
    def is_walk_in(self) -> bool:
        """The record the till books sales without an e-mail on (a reserved .invalid address)."""
        return self.email.endswith(".invalid")

    @property
    def has_account(self) -> bool:
        return self.user_id is not None


class Address(TimeStampedModel):
    """An address book entry of a customer. Orders copy the address they use (Order.*_address),
    so editing or deleting an entry never changes an order."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    company = models.CharField(_("company"), max_length=120, blank=True)
    line1 = models.CharField(_("street and number"), max_length=200)
    line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    phone = PhoneNumberField(_("phone"), blank=True)
    is_default_shipping = models.BooleanField(_("default shipping address"), default=False)
    is_default_billing = models.BooleanField(_("default billing address"), default=False)

    class Meta:
        ordering = ["customer_id", "-is_default_shipping", "id"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_default_shipping=True), name="address_one_default_shipping"
            ),
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_default_billing=True), name="address_one_default_billing"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}, {self.line1}, {self.postal_code} {self.city}"

    def as_snapshot(self) -> dict:
        """The address as an order keeps it (see Order.shipping_address)."""
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "company": self.company,
            "line1": self.line1,
            "line2": self.line2,
            "postal_code": self.postal_code,
            "city": self.city,
            "country": str(self.country),
            "phone": str(self.phone or ""),
        }
