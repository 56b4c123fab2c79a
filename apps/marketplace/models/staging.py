"""The staging area: products as the feed describes them, before (and after) the merchant
publishes them into the catalog. One row per feed id, all languages merged into it."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

PRICE = {"max_digits": 12, "decimal_places": 2}


class FeedImport(TimeStampedModel):
    """One import of one feed (a URL or an uploaded file, in one language). Its progress lives on
    its job (apps.jobs); this row keeps what the import found, for the page and the diff."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Source(models.TextChoices):
        URL = "url", _("Feed URL")
        FILE = "file", _("Uploaded file")

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    job_id = models.BigIntegerField(null=True, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.URL)
    url = models.URLField(max_length=1000, blank=True)
    # the uploaded file, kept (private storage) until the import has read it
    upload = models.FileField(upload_to="marketplace/uploads/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=8)
    format = models.CharField(max_length=16, blank=True)  # detected: google / shopify
    encoding = models.CharField(max_length=32, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    columns = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    # what changed in the staging area with this import (feed ids)
    new_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    gone_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)  # why it failed, in plain words
    started_by_id = models.BigIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["store", "-created_at"])]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.language}, {self.status})"


class RejectedRow(models.Model):
    """A feed row the import refused: where, which column and why (downloadable as CSV)."""

    feed_import = models.ForeignKey(FeedImport, on_delete=models.CASCADE, related_name="rejected_rows")
    row_number = models.PositiveIntegerField()
    column = models.CharField(max_length=100, blank=True)
    reason = models.CharField(max_length=300)
    value = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["feed_import_id", "row_number", "id"]

    def __str__(self) -> str:
        return f"row {self.row_number}: {self.reason}"


class StagingProduct(TimeStampedModel):
    """A product of the feed. Feed values are what the last import read; what the merchant
    chose (selection, customisation) and the link to the published catalog rows are kept apart,
    so a re-import never overwrites them."""

    class Availability(models.TextChoices):
        IN_STOCK = "in_stock", _("In stock")
        OUT_OF_STOCK = "out_of_stock", _("Out of stock")
        PREORDER = "preorder", _("Pre-order")
        BACKORDER = "backorder", _("Backorder")

    class State(models.TextChoices):
        NEW = "new", _("New")
        CHANGED = "changed", _("Changed")
        UNCHANGED = "unchanged", _("Unchanged")
        GONE = "gone", _("Gone from the feed")

    # no index of its own: every index of the table begins with the store (the unique feed id
    # serves store-only reads), and each index is work for every row an import writes
    store = models.ForeignKey(
        "tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    feed_id = models.CharField(_("feed id"), max_length=100)
    item_group_id = models.CharField(_("group"), max_length=100, blank=True)
    # language -> text, for every language a feed gave
    titles = models.JSONField(default=dict, blank=True)
    descriptions = models.JSONField(default=dict, blank=True)
    link = models.URLField(max_length=1000, blank=True)
    image_link = models.URLField(max_length=1000, blank=True)
    additional_image_links = ArrayField(models.URLField(max_length=1000), default=list, blank=True)
    availability = models.CharField(
        _("availability"), max_length=16, choices=Availability.choices, default=Availability.IN_STOCK
    )
    price = models.DecimalField(_("feed price"), **PRICE)
    sale_price = models.DecimalField(_("feed sale price"), null=True, blank=True, **PRICE)
    currency = models.CharField(max_length=3, default="EUR")
    brand = models.CharField(_("brand"), max_length=120, blank=True)
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True)
    mpn = models.CharField(_("MPN"), max_length=70, blank=True)
    condition = models.CharField(_("condition"), max_length=16, blank=True)
    color = models.CharField(_("colour"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=100, blank=True)
    product_type = models.CharField(_("feed category"), max_length=750, blank=True)
    google_product_category = models.CharField(max_length=750, blank=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    # sha256 of the feed values above, to tell a changed row from an unchanged one cheaply
    content_hash = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.NEW)
    # the feed fields that changed in the last import that changed anything
    changed_fields = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    # never filtered on (imports are not deleted): no index, one less to maintain per imported row
    first_import = models.ForeignKey(
        FeedImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    last_import = models.ForeignKey(FeedImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    gone_at = models.DateTimeField(null=True, blank=True)
    # import (feeds/copy.py): the language of the import that last set state new/changed/gone, of
    # the one that last wrote the feed values, and a small picture of image_link
    diff_language = models.CharField(max_length=8, blank=True)
    feed_language = models.CharField(max_length=8, blank=True)
    thumbnail = models.ImageField(upload_to="marketplace/thumbnails/", blank=True)
    # the merchant's side
    is_selected = models.BooleanField(_("selected"), default=False)
    # what to publish instead of the feed's values: {"sku", "price_rule": {"kind": "percent" |
    # "fixed", "value", "rounding": "" | "0.90" | "0.99"}, "titles", "descriptions", "images",
    # "category_ids", "stock", "vat_rate"}
    customisation = models.JSONField(default=dict, blank=True)
    # the catalog rows it was published as (ids in this schema; plain ids so a product deleted in
    # the catalog leaves the staging row as unpublished rather than gone)
    product_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    variant_id = models.BigIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # title, brand, ids and category in one lower-case text, trigram-indexed for the search
    search_text = models.TextField(default="", editable=False)

    class Meta:
        ordering = ["store_id", "feed_id"]
        verbose_name = _("staging product")
        constraints = [
            models.UniqueConstraint(fields=["store", "feed_id"], name="staging_feed_id_unique_per_store"),
            models.CheckConstraint(condition=Q(price__gte=Decimal("0")), name="staging_price_not_negative"),
        ]
        indexes = [
            models.Index(fields=["store", "state"]),
            models.Index(fields=["store", "brand"]),
            models.Index(fields=["store", "item_group_id"]),
            # curation's filters, facets and orderings (selectors/staging.py)
            models.Index(fields=["store", "product_type"], name="staging_store_feed_category"),
            models.Index(fields=["store", "price"], name="staging_store_price"),
            GinIndex(fields=["search_text"], name="staging_search_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.feed_id

    @property
    def is_published(self) -> bool:
        return self.product_id is not None


class CategoryMapping(TimeStampedModel):
    """A feed category the merchant mapped to a store category, remembered for the next products
    of that feed category."""

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    feed_category = models.CharField(max_length=750)
    category = models.ForeignKey("catalog.Category", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "feed_category"], name="category_mapping_unique_per_store")
        ]
