"""Writes for tenancy: merchants, stores, store settings, custom domains, modules per merchant."""

from __future__ import annotations

import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import Conflict, ValidationFailed
from apps.core.modules import registry

from .dns import DnsLookupError, resolve_txt
from .errors import TenancyErrorCode
from .models import STORE_CODE_RE, Domain, Merchant, Store
from .routing import forget_hosts
from .timezones import canonical_time_zones

RESERVED_STORE_CODES = frozenset(
    [
        "www",
        "admin",
        "api",
        "app",
        "apps",
        "assets",
        "auth",
        "billing",
        "blog",
        "cdn",
        "dashboard",
        "docs",
        "email",
        "ftp",
        "help",
        "imap",
        "info",
        "localhost",
        "mail",
        "media",
        "platform",
        "pop",
        "public",
        "root",
        "shop",
        "smtp",
        "static",
        "status",
        "store",
        "stores",
        "support",
        "system",
        "test",
        "webhooks",
        "wizamart",
    ]
)
DOMAIN_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
MAX_CHECK_FAILURES = 3


# --- Merchants ---------------------------------------------------------------------------------


def store_code_validate(code: str) -> str:
    """Normalise and check a store code; raise with a field message if it cannot be used."""
    code = (code or "").strip().upper()
    if not re.match(STORE_CODE_RE, code) or len(code) < 2:
        raise ValidationFailed(
            _("Use 2 to 30 letters, digits or hyphens, starting and ending with a letter or digit."),
            code=TenancyErrorCode.STORE_CODE_MALFORMED,
            fields={"store_code": [_("Use 2 to 30 letters, digits or hyphens.")]},
        )
    if code.lower() in RESERVED_STORE_CODES or code.lower() == settings.PLATFORM_SLUG:
        raise ValidationFailed(
            _("This store code is reserved. Please choose another."),
            code=TenancyErrorCode.STORE_CODE_RESERVED,
            fields={"store_code": [_("This store code is reserved.")]},
        )
    if (
        Store.objects.filter(code=code).exists()
        or Domain.objects.filter(domain=f"{code.lower()}.{settings.PLATFORM_DOMAIN}").exists()
    ):
        raise ValidationFailed(
            _("This store code is already taken."),
            code=TenancyErrorCode.STORE_CODE_TAKEN,
            fields={"store_code": [_("This store code is already taken.")]},
        )
    return code


def schema_name_for(code: str) -> str:
    return "m_" + code.lower().replace("-", "_")


def merchant_create(
    *, name: str, contact_email: str, store_code: str, store_name: str, language: str = "en"
) -> tuple[Merchant, Store]:
    """A merchant with its schema (copied from the template schema), its first store and the
    store's platform subdomain. `store_code` has passed store_code_validate; if another signup
    takes it meanwhile, this raises STORE_CODE_TAKEN and leaves nothing behind."""
    try:
        with transaction.atomic():
            merchant = Merchant(name=name, contact_email=contact_email, schema_name=schema_name_for(store_code))
            merchant.save(verbosity=0)
            store = store_create(
                merchant=merchant, code=store_code, name=store_name, contact_email=contact_email, language=language
            )
    except IntegrityError:
        # Someone took the code between our check and our insert.
        raise ValidationFailed(
            _("This store code is already taken."),
            code=TenancyErrorCode.STORE_CODE_TAKEN,
            fields={"store_code": [_("This store code is already taken.")]},
        ) from None
    return merchant, store


# --- Stores -------------------------------------------------------------------------------------


def store_ensure_subdomain(*, store: Store) -> Domain:
    """Every store answers at <code>.<PLATFORM_DOMAIN>."""
    domain, _created = Domain.objects.get_or_create(
        domain=store.subdomain,
        defaults={
            "tenant_id": store.merchant_id,
            "store": store,
            "kind": Domain.Kind.PLATFORM,
            "status": Domain.Status.ACTIVE,
            "verified_at": timezone.now(),
            "is_primary": not Domain.objects.filter(tenant_id=store.merchant_id).exists(),
        },
    )
    return domain


@transaction.atomic
def store_create(*, merchant: Merchant, code: str, name: str, **fields) -> Store:
    store = Store.objects.create(merchant=merchant, code=code, name=name, **fields)
    store_ensure_subdomain(store=store)
    return store


# --- Store settings -----------------------------------------------------------------------------

STORE_SETTINGS_FIELDS = ("name", "contact_email", "contact_phone", "address", "language", "time_zone", "tagline")


def store_update(*, actor, store: Store, **changes) -> Store:
    unknown = set(changes) - set(STORE_SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not store settings: {sorted(unknown)}")
    stored = Store.objects.get(pk=store.pk)  # `store` may already carry the new values (a bound form)
    before = {name: getattr(stored, name) for name in changes}
    zone = changes.get("time_zone")
    if zone is not None and zone != stored.time_zone and zone not in canonical_time_zones():
        message = _("Choose a time zone from the list.")
        raise ValidationFailed(message, fields={"time_zone": [message]})
    for name, value in changes.items():
        setattr(store, name, value)
    try:
        store.full_clean(exclude=["merchant", "code"])
    except DjangoValidationError as exc:
        raise ValidationFailed(_("Please correct the errors below."), fields=exc.message_dict) from None
    with transaction.atomic():
        store.save(update_fields=[*changes, "updated_at"])
        changed = {k: [str(before[k]), str(v)] for k, v in changes.items() if before[k] != v}
        if changed:
            audit_record(actor=actor, action="store.update", target=store.code, store=store, data=changed)
    return store


# --- Custom domains -----------------------------------------------------------------------------


def domain_normalise(raw: str) -> str:
    value = (raw or "").strip().lower()
    if "://" in value:
        value = value.split("://", 1)[1]
    value = value.split("/", 1)[0].split(":", 1)[0].rstrip(".")
    if value.startswith("www."):
        value = value[4:]
    malformed = ValidationFailed(
        _("Enter a domain name such as shop.example.lu."),
        code=TenancyErrorCode.DOMAIN_MALFORMED,
        fields={"domain": [_("Enter a domain name such as shop.example.lu.")]},
    )
    try:
        value = value.encode("idna").decode("ascii")
    except UnicodeError:
        raise malformed from None
    labels = value.split(".")
    if (
        len(value) > 253
        or len(labels) < 2
        or not all(DOMAIN_LABEL_RE.match(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise malformed
    try:
        ipaddress.ip_address(value)
        raise malformed
    except ValueError:
        pass
    platform = settings.PLATFORM_DOMAIN
    if value == platform or value.endswith("." + platform) or value in ("localhost",) or labels[-1] == "localhost":
        raise ValidationFailed(
            _("Domains of the platform itself cannot be added."),
            code=TenancyErrorCode.DOMAIN_PLATFORM,
            fields={"domain": [_("Domains of the platform itself cannot be added.")]},
        )
    return value


def domain_add(*, actor, store: Store, domain: str, merchant_wide: bool = False) -> Domain:
    name = domain_normalise(domain)
    taken = Conflict(
        _("This domain is already registered."),
        code=TenancyErrorCode.DOMAIN_TAKEN,
        fields={"domain": [_("This domain is already registered.")]},
    )
    if Domain.objects.filter(domain=name).exists():
        raise taken
    try:
        with transaction.atomic():
            row = Domain.objects.create(
                domain=name,
                tenant_id=store.merchant_id,
                store=None if merchant_wide else store,
                kind=Domain.Kind.CUSTOM,
                status=Domain.Status.PENDING,
                is_primary=False,
            )
            audit_record(
                actor=actor, action="domain.add", target=name, store=store, data={"merchant_wide": merchant_wide}
            )
    except IntegrityError:
        raise taken from None
    return row


def _txt_present(domain: Domain) -> tuple[bool, str]:
    try:
        values = resolve_txt(domain.txt_record_name)
    except DnsLookupError as exc:
        return False, _("DNS lookup failed: %(error)s") % {"error": exc}
    if domain.txt_record_value in values or domain.verification_token in values:
        return True, ""
    return False, _("No TXT record %(name)s with the expected value was found.") % {"name": domain.txt_record_name}


def domain_verify(*, actor, domain: Domain) -> Domain:
    """Check the TXT record now. Raises with an explanation if it is not there yet."""
    if domain.kind != Domain.Kind.CUSTOM:
        return domain
    ok, error = _txt_present(domain)
    now = timezone.now()
    domain.last_checked_at = now
    domain.last_check_error = error[:255]
    if ok:
        if domain.status in (Domain.Status.PENDING, Domain.Status.FAILED):
            domain.status = Domain.Status.VERIFIED
        domain.verified_at = now
        domain.check_failures = 0
    domain.save()
    if not ok:
        raise ValidationFailed(error, code=TenancyErrorCode.DOMAIN_RECORD_MISSING)
    audit_record(actor=actor, action="domain.verify", target=domain.domain, merchant=domain.tenant, store=domain.store)
    return domain


def domain_recheck(*, domain: Domain) -> Domain:
    """Periodic re-check: pending domains become verified when their record appears; verified or
    active ones that lose it for several checks in a row stop being served."""
    ok, error = _txt_present(domain)
    domain.last_checked_at = timezone.now()
    domain.last_check_error = error[:255]
    if ok:
        domain.check_failures = 0
        if domain.status == Domain.Status.PENDING:
            domain.status = Domain.Status.VERIFIED
            domain.verified_at = domain.last_checked_at
    elif domain.status in (Domain.Status.VERIFIED, Domain.Status.ACTIVE):
        domain.check_failures += 1
        if domain.check_failures >= MAX_CHECK_FAILURES:
            domain.status = Domain.Status.FAILED
            audit_record(
                actor=None,
                action="domain.verification_lost",
                target=domain.domain,
                merchant=domain.tenant,
                store=domain.store,
            )
    domain.save()
    return domain


def domain_activate(*, actor, domain: Domain) -> Domain:
    if domain.status == Domain.Status.ACTIVE:
        return domain
    if domain.status != Domain.Status.VERIFIED:
        raise ValidationFailed(_("Verify the domain before activating it."), code=TenancyErrorCode.DOMAIN_NOT_VERIFIED)
    domain.status = Domain.Status.ACTIVE
    domain.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="domain.activate", target=domain.domain, merchant=domain.tenant, store=domain.store
    )
    return domain


def domain_remove(*, actor, domain: Domain) -> None:
    if domain.kind != Domain.Kind.CUSTOM:
        raise ValidationFailed(
            _("The platform address of a store cannot be removed."), code=TenancyErrorCode.DOMAIN_PLATFORM
        )
    name = domain.domain
    with transaction.atomic():
        audit_record(actor=actor, action="domain.remove", target=name, merchant=domain.tenant, store=domain.store)
        domain.delete()
    forget_hosts([name])


def module_set_enabled(*, actor, merchant: Merchant, code: str, enabled: bool) -> Merchant:
    module = registry.get(code)
    if not module.switchable:
        raise ValidationFailed(_("This module cannot be switched off."))
    disabled = set(merchant.disabled_modules)
    disabled.discard(code) if enabled else disabled.add(code)
    merchant.disabled_modules = sorted(disabled)
    merchant.save(update_fields=["disabled_modules", "updated_at"])
    audit_record(actor=actor, action="module.enable" if enabled else "module.disable", target=code, merchant=merchant)
    return merchant
