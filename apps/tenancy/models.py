from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import get_tenant_base_schema, schema_exists

from apps.core.models import TimeStampedModel
from apps.core.modules import registry

from .cloning import clone_schema

STORE_CODE_RE = r"^[A-Z0-9](?:[A-Z0-9-]{0,28}[A-Z0-9])?$"
store_code_validator = RegexValidator(
    STORE_CODE_RE,
    _("Use 2 to 30 letters, digits or hyphens, starting and ending with a letter or digit."),
    code="store_code_malformed",
)


class Merchant(TenantMixin, TimeStampedModel):
    """The tenant: a company with its own PostgreSQL schema and one or more stores."""

    name = models.CharField(_("company name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=32, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, default="LU")
    logo = models.ImageField(_("logo"), upload_to="merchants/logos/", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    disabled_modules = ArrayField(
        models.CharField(max_length=40),
        verbose_name=_("switched-off modules"),
        default=list,
        blank=True,
    )
    # Self-service signups start unconfirmed; a merchant the platform creates is confirmed at once.
    confirmed_at = models.DateTimeField(
        _("confirmed"),
        null=True,
        blank=True,
        default=timezone.now,
        help_text=_(
            "When the owner confirmed their e-mail address. Until then the storefronts are not public, and an "
            "unconfirmed signup is deleted after a few days."
        ),
    )

    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("merchant")
        verbose_name_plural = _("merchants")

    def __str__(self) -> str:
        return self.name

    def create_schema(self, check_if_exists=False, sync_schema=True, verbosity=1):
        """Copy the template schema, migrations table and all (see cloning.py). django-tenants
        would clone through information_schema, which slows down with every merchant, and then
        run a faked migrate over the copy, which only costs time."""
        base_schema = get_tenant_base_schema()
        if not (sync_schema and base_schema and schema_exists(base_schema)):
            return super().create_schema(check_if_exists, sync_schema, verbosity)
        if check_if_exists and schema_exists(self.schema_name):
            return False
        clone_schema(base_schema, self.schema_name)
        connection.set_schema_to_public()
        return True

    @property
    def is_confirmed(self) -> bool:
        """Whether its storefronts are public (see confirmed_at)."""
        return self.confirmed_at is not None

    @property
    def enabled_modules(self) -> frozenset[str]:
        return registry.enabled_codes(self.disabled_modules)


STORE_CODE_FIXED = _("A store's code cannot change: its address, its back-office links and its order numbers use it.")


class Store(TimeStampedModel):
    """A shop of a merchant. Its code never changes once the store exists: it names the store's
    platform subdomain, its back-office paths (/store/<code>/) in bookmarks and e-mails already
    sent, and prefixes its order numbers, so a new code would break every one of them. The model
    refuses the change, and a database trigger (migration 0003) refuses it from any other path."""

    merchant = models.ForeignKey(Merchant, verbose_name=_("merchant"), on_delete=models.CASCADE, related_name="stores")
    code = models.CharField(
        _("store code"),
        max_length=30,
        unique=True,
        validators=[store_code_validator],
        help_text=_(
            "Short upper-case code; the store's platform address starts with it. It cannot change once the "
            "store exists."
        ),
    )
    name = models.CharField(_("store name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    address = models.TextField(_("address"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Luxembourg")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)

    class Meta:
        ordering = ["merchant_id", "code"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=STORE_CODE_RE), name="store_code_format"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @classmethod
    def from_db(cls, db, field_names, values):
        store = super().from_db(db, field_names, values)
        store._stored_code = store.__dict__.get("code")
        return store

    @property
    def code_changed(self) -> bool:
        """Whether `code` differs from the stored row's (False for a new store)."""
        stored = getattr(self, "_stored_code", None)
        return stored is not None and not self._state.adding and stored != self.code

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if self.code_changed and "code" not in (exclude or ()):
            raise ValidationError({"code": STORE_CODE_FIXED})

    def save(self, *args, **kwargs):
        if self.code_changed:
            raise ValidationError({"code": STORE_CODE_FIXED})
        super().save(*args, **kwargs)
        self._stored_code = self.code

    @property
    def subdomain(self) -> str:
        return f"{self.code.lower()}.{settings.PLATFORM_DOMAIN}"


def new_verification_token() -> str:
    return secrets.token_urlsafe(24)


class Domain(DomainMixin, TimeStampedModel):
    """A host name that routes to a merchant (merchant-wide) or to one of its stores.

    A custom domain starts as a pending claim, proved by a DNS TXT record. Several merchants may
    claim the same name, but only one claim can be verified or active (a partial unique index):
    the first to prove it wins and the others' claims are dropped. A pending claim expires after
    DOMAIN_CLAIM_PENDING_DAYS, so a claim nobody proves blocks nobody and lingers nowhere."""

    # unique per verified or active claim, not per row (see Meta.constraints)
    domain = models.CharField(_("domain"), max_length=253, db_index=True)

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Platform subdomain")
        CUSTOM = "custom", _("Custom domain")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for DNS record")
        VERIFIED = "verified", _("Verified, not active yet")
        ACTIVE = "active", _("Active")
        FAILED = "failed", _("Verification lost")
        DROPPED = "dropped", _("Proved by another account")

    # claims that own the name: at most one row per name may hold one of these
    OWNING_STATUSES = (Status.VERIFIED, Status.ACTIVE)

    store = models.ForeignKey(
        Store,
        verbose_name=_("store"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="domains",
        help_text=_("Empty for a merchant-wide domain."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CUSTOM)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    verification_token = models.CharField(_("verification token"), max_length=64, default=new_verification_token)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    check_failures = models.PositiveSmallIntegerField(_("failed checks in a row"), default=0)
    last_check_error = models.CharField(_("last check result"), max_length=255, blank=True)

    class Meta:
        ordering = ["tenant_id", "kind", "domain"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(domain=models.functions.Lower("domain")),
                name="domain_lower_case",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="platform") | models.Q(store__isnull=False),
                name="platform_domain_has_store",
            ),
            models.UniqueConstraint(
                fields=["domain"],
                condition=models.Q(status__in=["verified", "active"]),
                name="one_owning_claim_per_domain",
            ),
            models.UniqueConstraint(fields=["domain", "tenant"], name="one_claim_per_domain_and_merchant"),
        ]

    @property
    def pending_expires_at(self):
        """When a pending claim lapses (None for any other)."""
        if self.status != self.Status.PENDING or self.created_at is None:
            return None
        return self.created_at + timedelta(days=settings.DOMAIN_CLAIM_PENDING_DAYS)

    @property
    def is_merchant_wide(self) -> bool:
        return self.store_id is None

    @property
    def txt_record_name(self) -> str:
        return f"_{settings.PLATFORM_SLUG}-verify.{self.domain}"

    @property
    def txt_record_value(self) -> str:
        return f"{settings.PLATFORM_SLUG}-verify={self.verification_token}"


class StaffDirectoryEntry(TimeStampedModel):
    """One e-mail address that signs in to a store's back office: the platform's index of every
    merchant's staff, so that the platform's sign-in finds the stores of an e-mail address without
    searching every merchant's schema. Accounts keeps it (a staff member's account lives in the
    merchant's schema; `user_id` is its id there) and checks each entry in the merchant's schema
    before using it, so an entry is a pointer, never a permission."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    user_id = models.BigIntegerField(_("account id in the merchant's schema"))
    email = models.EmailField(_("e-mail address"), db_index=True)

    class Meta:
        ordering = ["email", "merchant_id", "store_id"]
        verbose_name = _("staff directory entry")
        verbose_name_plural = _("staff directory")
        constraints = [
            models.UniqueConstraint(fields=["merchant", "store", "user_id"], name="one_directory_entry_per_member"),
            models.CheckConstraint(
                condition=models.Q(email=models.functions.Lower("email")), name="directory_email_lower_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} @ {self.store_id}"


# --- Payment provider webhooks (orders' Stripe Connect) ---------------------------------------


class PaymentAccountRoute(TimeStampedModel):
    """Which merchant and store a payment provider's connected account belongs to, by the hash of
    its id (the id itself stays encrypted in the merchant's schema). Webhooks arrive on the
    platform's domain and name only the account: this finds the schema to process them in."""

    account_id_hash = models.CharField(max_length=64, unique=True)
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    store_id = models.BigIntegerField()

    class Meta:
        ordering = ["merchant_id", "store_id"]

    def __str__(self) -> str:
        return f"payment account of store {self.store_id}"


class PaymentWebhookEvent(models.Model):
    """One event a payment provider sent, recorded once by its id before any work is queued: a
    duplicate or replayed delivery finds its row and does nothing again."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored")
        FAILED = "failed", _("Failed")

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    account_id_hash = models.CharField(max_length=64, blank=True)
    merchant = models.ForeignKey(Merchant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    store_id = models.BigIntegerField(null=True, blank=True)
    created = models.DateTimeField()  # when the provider created the event
    payload = models.JSONField(default=dict, blank=True)  # the event's data.object
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    note = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
