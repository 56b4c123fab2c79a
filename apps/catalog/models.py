"""The catalog of a store: products with variants, categories, images and stock.

All of it lives in the merchant's schema; every row names its store, and every lookup goes
through the store (selectors). Texts customers read are translated per language with
django-modeltranslation (translation.py): `title` is the active language's, `title_fr` French.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from .pricing import VatRate

PRICE = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Category(TimeStampedModel):
    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    slug = models.SlugField(_("slug"), max_length=140, allow_unicode=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("visible"), default=True)

    class Meta:
        ordering = ["store_id", "position", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["store", "slug"], name="category_slug_unique_per_store"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="category_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class OptionType(TimeStampedModel):
    """A way variants differ: size, colour, format ..."""

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["store_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["store", "name"], name="option_type_unique_per_store")]

    def __str__(self) -> str:
        return self.name


class OptionValue(models.Model):
    option_type = models.ForeignKey(OptionType, on_delete=models.CASCADE, related_name="values")
    value = models.CharField(_("value"), max_length=60)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["option_type_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["option_type", "value"], name="option_value_unique")]

    def __str__(self) -> str:
        return f"{self.option_type}: {self.value}"


class Product(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    sku = models.CharField(_("SKU"), max_length=64)
    gtin = models.CharField(_("GTIN / EAN"), max_length=14, blank=True)
    brand = models.CharField(_("brand"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    slug = models.SlugField(_("slug"), max_length=220)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    price = models.DecimalField(_("price incl. VAT"), **PRICE)
    compare_at_price = models.DecimalField(_("compare-at price"), null=True, blank=True, **PRICE)
    cost_price = models.DecimalField(_("cost price"), null=True, blank=True, **PRICE)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    vat_rate = models.DecimalField(
        _("VAT rate"), max_digits=4, decimal_places=2, choices=VatRate.choices, default=VatRate.STANDARD
    )
    weight_grams = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    is_featured = models.BooleanField(_("featured"), default=False)
    categories = models.ManyToManyField(Category, verbose_name=_("categories"), blank=True, related_name="products")
    option_types = models.ManyToManyField(OptionType, verbose_name=_("options"), blank=True, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Units on hand minus reservations over all variants, kept by the stock service in the same
    # transaction as each change, so listings filter and count "in stock" without a subquery.
    available = models.IntegerField(_("available"), default=0, editable=False)
    # The lowest and highest price its variants sell for (a variant without a price of its own
    # sells for the product's), kept by the services with every price change: cards say "from",
    # and listings sort and filter by what the cheapest variant costs.
    price_min = models.DecimalField(_("lowest price"), editable=False, default=Decimal("0"), **PRICE)
    price_max = models.DecimalField(_("highest price"), editable=False, default=Decimal("0"), **PRICE)
    # Maintained by search.product_search_refresh: the full-text document of every language.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["store_id", "-created_at", "-id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(Upper("sku"), "store", name="product_sku_unique_per_store"),
            models.UniqueConstraint(fields=["store", "slug"], name="product_slug_unique_per_store"),
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True) | Q(compare_at_price__gte=0),
                name="product_compare_at_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cost_price__isnull=True) | Q(cost_price__gte=0), name="product_cost_not_negative"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="product_search_gin"),
            models.Index(fields=["store", "status", "-published_at"], name="product_listing"),
            models.Index(fields=["store", "status"], condition=Q(available__gt=0), name="product_in_stock"),
            # Facets read brands, prices and stock of a whole listing: from this index alone, without
            # the wide product rows (texts in four languages, the search document).
            models.Index(
                fields=["store", "status"],
                include=["id", "brand", "price_min", "price_max", "available"],
                name="product_listing_facets",
            ),
            models.Index(fields=["store", "brand"], name="product_brand"),
            models.Index(fields=["store", "price_min"], name="product_price_min"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_price_range(self) -> bool:
        """Its variants sell at different prices (a card then says "from" the lowest)."""
        return self.price_min != self.price_max


class SearchTerm(models.Model):
    """A word of the store's product titles and brands, in lower case without accents: the
    vocabulary that search corrects a visitor's typos against ("headphnes" -> "headphones").
    Filled by search.product_search_refresh; a word whose products are gone costs nothing but a
    row (a correction to it finds nothing)."""

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    term = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "term"], name="search_term_unique_per_store")]
        indexes = [GinIndex(name="search_term_trgm", fields=["term"], opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.term


class Variant(TimeStampedModel):
    """What is actually sold and stocked. Every product has at least one."""

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=64)
    barcode = models.CharField(_("barcode"), max_length=32, blank=True)
    price = models.DecimalField(
        _("price incl. VAT"), null=True, blank=True, help_text=_("Empty: the product's price."), **PRICE
    )
    option_values = models.ManyToManyField(OptionValue, verbose_name=_("options"), blank=True, related_name="+")
    position = models.PositiveIntegerField(default=0)
    weight_grams = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)

    class Meta:
        ordering = ["product_id", "position", "id"]
        verbose_name = _("variant")
        constraints = [
            models.UniqueConstraint(Upper("sku"), "store", name="variant_sku_unique_per_store"),
            models.UniqueConstraint(
                fields=["store", "barcode"], condition=~Q(barcode=""), name="variant_barcode_unique_per_store"
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0), name="variant_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.sku

    @property
    def effective_price(self) -> Decimal:
        return self.price if self.price is not None else self.product.price


class InventoryItem(TimeStampedModel):
    """Stock of one variant. Changed only through services.stock_adjust, which writes the ledger."""

    variant = models.OneToOneField(Variant, on_delete=models.CASCADE, related_name="inventory")
    quantity = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)
    bin_location = models.CharField(_("bin location"), max_length=40, blank=True)
    low_stock_threshold = models.PositiveIntegerField(_("low-stock threshold"), default=5)

    class Meta:
        ordering = ["variant_id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="reserved_not_negative"),
            models.CheckConstraint(condition=Q(reserved__lte=models.F("quantity")), name="reserved_within_stock"),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id}: {self.quantity}"

    @property
    def available(self) -> int:
        return self.quantity - self.reserved

    @property
    def is_low(self) -> bool:
        return self.available <= self.low_stock_threshold


class StockMovement(models.Model):
    """The inventory ledger: who changed which stock, when, why and by how much."""

    class Reason(models.TextChoices):
        RECEIVED = "received", _("Goods received")
        SOLD = "sold", _("Sold")
        RETURNED = "returned", _("Returned")
        DAMAGED = "damaged", _("Damaged or lost")
        COUNT = "count", _("Stock count correction")
        ADJUSTMENT = "adjustment", _("Manual adjustment")
        RESERVED = "reserved", _("Reserved")
        RELEASED = "released", _("Reservation released")

    item = models.ForeignKey(InventoryItem, on_delete=models.CASCADE, related_name="movements")
    delta = models.IntegerField(_("change"))
    reserved_delta = models.IntegerField(default=0)
    quantity_after = models.IntegerField(_("on hand after"))
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_email = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.delta:+d} ({self.reason})"


def product_image_path(instance: ProductImage, _filename: str) -> str:
    # The storage puts the merchant's prefix in front; the store and product keep files apart.
    return f"catalog/{instance.product.store_id}/{instance.product_id}/{instance.token}/original.{instance.extension}"


class ProductImage(TimeStampedModel):
    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    token = models.CharField(max_length=32)
    extension = models.CharField(max_length=8, default="jpg")
    original = models.ImageField(
        upload_to=product_image_path, width_field="width", height_field="height", max_length=300
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("alt text"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_primary = models.BooleanField(_("primary"), default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROCESSING)
    # {"thumbnail": {"webp": "path", "jpeg": "path", "width": 160, "height": 160}, ...}
    renditions = models.JSONField(default=dict, blank=True)
    # runs that took this image to make its renditions, and when the last one took it: a run that
    # died leaves it processing; it is taken again once RENDITIONS_LEASE has passed, and failed
    # after RENDITIONS_MAX_ATTEMPTS runs (see services.images)
    render_attempts = models.PositiveSmallIntegerField(default=0)
    render_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["product_id", "position", "id"]
        indexes = [
            # what the renditions runs and their sweep look for: the few images still processing
            models.Index(fields=["render_claimed_at"], name="image_processing_idx", condition=Q(status="processing")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=Q(is_primary=True), name="one_primary_image_per_product"
            ),
        ]

    def __str__(self) -> str:
        return f"image {self.pk} of {self.product_id}"
