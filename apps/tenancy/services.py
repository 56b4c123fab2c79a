"""Writes for tenancy: merchants, stores, store settings, custom domains, modules per merchant."""

from __future__ import annotations

import ipaddress
import re
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from apps.core.audit import audit_record
from apps.core.errors import Conflict, ValidationFailed
from apps.core.modules import registry
from apps.core.storage import tenant_files_delete

from .dns import DnsLookupError, resolve_txt
from .errors import TenancyErrorCode
from .models import STORE_CODE_RE, Domain, Merchant, StaffDirectoryEntry, Store
from .payment_webhooks import (  # noqa: F401 - the public surface of payment webhooks
    ReceivedEvent,
    account_id_hash,
    dangerously_webhook_event_claim,
    payment_route_find,
    payment_route_set,
    webhook_event_finish,
    webhook_event_record,
)
from .routing import forget_hosts, forget_merchant
from .selectors import dangerously_domain_claims_expired
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
    *, name: str, contact_email: str, store_code: str, store_name: str, language: str = "en", confirmed: bool = True
) -> tuple[Merchant, Store]:
    """A merchant with its schema (copied from the template schema), its first store and the
    store's platform subdomain. `store_code` has passed store_code_validate; if another signup
    takes it meanwhile, this raises STORE_CODE_TAKEN and leaves nothing behind. `contact_email` is
    the company's, for the platform: the store's public contact details start empty, so nothing
    private is published before the merchant chooses what to show. An unconfirmed merchant's
    storefronts are not public until merchant_confirm."""
    try:
        with transaction.atomic():
            merchant = Merchant(
                name=name,
                contact_email=contact_email,
                schema_name=schema_name_for(store_code),
                confirmed_at=timezone.now() if confirmed else None,
            )
            merchant.save(verbosity=0)
            store = store_create(merchant=merchant, code=store_code, name=store_name, language=language)
    except IntegrityError:
        # Someone took the code between our check and our insert.
        raise ValidationFailed(
            _("This store code is already taken."),
            code=TenancyErrorCode.STORE_CODE_TAKEN,
            fields={"store_code": [_("This store code is already taken.")]},
        ) from None
    return merchant, store


def merchant_confirm(*, actor, merchant: Merchant) -> Merchant:
    """The owner confirmed their e-mail address: the merchant's storefronts become public."""
    if merchant.confirmed_at is None:
        merchant.confirmed_at = timezone.now()
        merchant.save(update_fields=["confirmed_at", "updated_at"])
        audit_record(actor=actor, action="merchant.confirm", target=merchant.name, merchant=merchant)
    return merchant


def merchant_purge_unconfirmed(*, merchant: Merchant) -> bool:
    """Delete a merchant whose signup was never confirmed: its schema (and with it its users,
    who belong to that schema alone), its stores and their domains. False, and nothing deleted, if
    it was confirmed meanwhile."""
    with transaction.atomic():
        locked = Merchant.objects.select_for_update().filter(pk=merchant.pk, confirmed_at__isnull=True).first()
        if locked is None:
            return False
        audit_record(
            actor=None,
            action="merchant.purge_unconfirmed",
            target=locked.name,
            merchant=locked,
            data={"schema": locked.schema_name, "stores": list(locked.stores.values_list("code", flat=True))},
        )
        forget_merchant(locked.pk)
        # The stores first, from inside the schema: the rows there that name a store (members,
        # jobs, products ...) live in the schema's tables, which the public schema does not have.
        with tenant_context(locked):
            Store.objects.filter(merchant=locked).delete()
        locked.delete(force_drop=True)  # its domains, then its schema
        # and its files (pictures), once nothing can roll the deletion back
        transaction.on_commit(partial(tenant_files_delete, locked.schema_name))
    return True


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


# --- Staff directory ----------------------------------------------------------------------------
# Which e-mail addresses sign in to which stores (StaffDirectoryEntry): written by accounts when a
# membership or an account changes in a merchant's schema, which it names by `schema_name`.


def staff_directory_set(*, schema_name: str, store_id: int, user_id: int, email: str) -> None:
    store = Store.objects.filter(pk=store_id, merchant__schema_name=schema_name).only("id", "merchant_id").first()
    if store is None:
        return
    StaffDirectoryEntry.objects.update_or_create(
        merchant_id=store.merchant_id, store_id=store.id, user_id=user_id, defaults={"email": email.lower()}
    )


def staff_directory_remove(*, schema_name: str, store_id: int, user_id: int) -> None:
    StaffDirectoryEntry.objects.filter(merchant__schema_name=schema_name, store_id=store_id, user_id=user_id).delete()


def staff_directory_rename(*, schema_name: str, user_id: int, email: str) -> None:
    """An account's e-mail address changed: its entries follow."""
    StaffDirectoryEntry.objects.filter(merchant__schema_name=schema_name, user_id=user_id).exclude(
        email=email.lower()
    ).update(email=email.lower())


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


def _taken_by_another() -> Conflict:
    message = _(
        "Another account has proved that it controls this domain. If the domain is yours, remove any "
        "other _%(slug)s-verify TXT record from its DNS: that claim lapses after a few failed checks."
    ) % {"slug": settings.PLATFORM_SLUG}
    return Conflict(message, code=TenancyErrorCode.DOMAIN_TAKEN, fields={"domain": [message]})


def domain_add(*, actor, store: Store, domain: str, merchant_wide: bool = False) -> Domain:
    """A pending claim on a custom domain. Other merchants' pending claims on the same name do not
    stand in the way: whoever proves the domain first wins (domain_verify)."""
    name = domain_normalise(domain)
    already = Conflict(
        _("This domain is already on your list."),
        code=TenancyErrorCode.DOMAIN_ALREADY_ADDED,
        fields={"domain": [_("This domain is already on your list.")]},
    )
    if Domain.objects.filter(domain=name, tenant_id=store.merchant_id).exists():
        raise already
    if Domain.objects.filter(domain=name, status__in=Domain.OWNING_STATUSES).exists():
        raise _taken_by_another()
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
    except IntegrityError as exc:
        raise (already if _constraint(exc) == "one_claim_per_domain_and_merchant" else _taken_by_another()) from None
    return row


def _constraint(exc: IntegrityError) -> str:
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "") or ""


def _txt_present(domain: Domain) -> tuple[bool, str]:
    try:
        values = resolve_txt(domain.txt_record_name)
    except DnsLookupError as exc:
        return False, _("DNS lookup failed: %(error)s") % {"error": exc}
    if domain.txt_record_value in values or domain.verification_token in values:
        return True, ""
    return False, _("No TXT record %(name)s with the expected value was found.") % {"name": domain.txt_record_name}


def _claim_win(*, domain: Domain, now) -> Conflict | None:
    """The domain's record proves this claim: make it the verified one and drop every other
    merchant's claim on the name, or return why it cannot win (another claim owns the name).
    The claims on a name are locked in one order, so two proofs at once cannot both win; the
    partial unique index stands behind that."""
    with transaction.atomic():
        claims = list(Domain.objects.select_for_update().filter(domain=domain.domain).order_by("pk"))
        others = [claim for claim in claims if claim.pk != domain.pk]
        if any(claim.status in Domain.OWNING_STATUSES for claim in others):
            return _taken_by_another()
        before = domain.status, domain.verified_at
        domain.status, domain.verified_at = Domain.Status.VERIFIED, now
        try:
            with transaction.atomic():
                domain.save()
        except IntegrityError:
            domain.status, domain.verified_at = before
            return _taken_by_another()
        for claim in others:
            claim.status = Domain.Status.DROPPED
            claim.last_checked_at = now
            claim.save(update_fields=["status", "last_checked_at", "updated_at"])
            audit_record(
                actor=None,
                action="domain.claim_dropped",
                target=claim.domain,
                merchant=claim.tenant,
                store=claim.store,
                data={"proved_by_merchant": domain.tenant_id},
            )
    return None


def domain_verify(*, actor, domain: Domain) -> Domain:
    """Check the TXT record now. Raises with an explanation if it is not there yet, or if another
    merchant's claim already owns the name."""
    if domain.kind != Domain.Kind.CUSTOM:
        return domain
    if domain.status == Domain.Status.DROPPED:
        raise ValidationFailed(
            _("Another account proved this domain first. Remove this entry, and add the domain again if it is yours."),
            code=TenancyErrorCode.DOMAIN_CLAIM_DROPPED,
        )
    ok, error = _txt_present(domain)
    now = timezone.now()
    domain.last_checked_at = now
    domain.check_failures = 0 if ok else domain.check_failures
    lost = None
    if ok and domain.status in (Domain.Status.PENDING, Domain.Status.FAILED):
        lost = _claim_win(domain=domain, now=now)
        error = lost.message if lost else ""
    elif ok:
        domain.verified_at = now
    domain.last_check_error = error[:255]
    domain.save()
    if lost is not None:
        raise lost
    if not ok:
        raise ValidationFailed(error, code=TenancyErrorCode.DOMAIN_RECORD_MISSING)
    audit_record(actor=actor, action="domain.verify", target=domain.domain, merchant=domain.tenant, store=domain.store)
    return domain


def domain_recheck(*, domain: Domain) -> Domain:
    """Periodic re-check: pending domains become verified when their record appears (and win over
    other merchants' claims); verified or active ones that lose it for several checks in a row
    stop being served."""
    ok, error = _txt_present(domain)
    now = timezone.now()
    domain.last_checked_at = now
    if ok:
        domain.check_failures = 0
        if domain.status == Domain.Status.PENDING:
            lost = _claim_win(domain=domain, now=now)
            error = lost.message if lost else ""
    elif domain.status in Domain.OWNING_STATUSES:
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
    domain.last_check_error = error[:255]
    domain.save()
    return domain


def domain_claims_expire(*, now=None) -> int:
    """Remove the pending claims nobody proved in time (DOMAIN_CLAIM_PENDING_DAYS)."""
    count = 0
    for claim in dangerously_domain_claims_expired(now=now or timezone.now()).select_related("tenant", "store"):
        with transaction.atomic():
            audit_record(actor=None, action="domain.claim_expired", target=claim.domain, merchant=claim.tenant)
            claim.delete()
        count += 1
    return count


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
