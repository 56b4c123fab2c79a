"""The store's link to Letzshop: its API key (encrypted at rest), what the sync does by itself,
and how the last sync went."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class LetzshopConnection(TimeStampedModel):
    class Health(models.TextChoices):
        UNKNOWN = "unknown", _("Not synced yet")
        OK = "ok", _("Working")
        FAILING = "failing", _("Failing")

    class GonePolicy(models.TextChoices):
        ARCHIVE = "archive", _("Archive the product")
        FLAG = "flag", _("Keep it and flag it")

    store = models.OneToOneField("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    # Fernet token (apps.core.secrets); the key itself is never shown again once saved
    api_key_encrypted = models.TextField(blank=True)
    # the key's last four characters, so the merchant can tell which key is saved
    api_key_hint = models.CharField(max_length=8, blank=True)
    api_key_saved_at = models.DateTimeField(null=True, blank=True)
    default_carrier = models.CharField(_("default carrier"), max_length=32, blank=True)
    auto_sync = models.BooleanField(_("sync new orders automatically"), default=True)
    # published products follow the feed's price / availability, or keep the merchant's values
    follow_feed_price = models.BooleanField(_("follow the feed's prices"), default=True)
    follow_feed_availability = models.BooleanField(_("follow the feed's availability"), default=True)
    gone_policy = models.CharField(
        _("products gone from the feed"), max_length=16, choices=GonePolicy.choices, default=GonePolicy.FLAG
    )
    # re-import the feeds every night (beat)
    scheduled_reimport = models.BooleanField(_("re-import the feeds every night"), default=True)
    # the secret part of the URLs of the catalog feed this store publishes for Letzshop
    feed_token = models.CharField(max_length=64, default=new_feed_token, unique=True)
    # order sync: when it last ran, and how it went (health and the last error, in plain words)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_sync_health = models.CharField(max_length=16, choices=Health.choices, default=Health.UNKNOWN)
    last_sync_error = models.CharField(max_length=500, blank=True)
    # the newest shipment the incremental sync has seen (Letzshop's updated time, ISO 8601)
    sync_cursor = models.CharField(max_length=64, blank=True)
    historical_import_done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Letzshop connection")

    def __str__(self) -> str:
        return f"Letzshop connection of store {self.store_id}"

    @property
    def has_key(self) -> bool:
        return bool(self.api_key_encrypted)


class FeedSource(TimeStampedModel):
    """Where a store's product feed comes from, one per language: a URL the import downloads."""

    class Format(models.TextChoices):
        AUTO = "auto", _("Detect")
        GOOGLE = "google", _("Google Shopping (Letzshop)")
        SHOPIFY = "shopify", _("Shopify product CSV")

    store = models.ForeignKey("tenancy.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    language = models.CharField(_("language"), max_length=8)
    url = models.URLField(_("feed URL"), max_length=1000)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.AUTO)

    class Meta:
        ordering = ["store_id", "language"]
        constraints = [models.UniqueConstraint(fields=["store", "language"], name="feed_source_one_per_language")]

    def __str__(self) -> str:
        return f"{self.language}: {self.url}"
