"""Reads for tenancy. Stores and domains are always fetched within a merchant."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from apps.core.errors import NotFound

from .models import Domain, Merchant, StaffDirectoryEntry, Store


def dangerously_store_get_by_id(*, store_id: int) -> Store:
    """A store by bare id, in any merchant: for tasks and the jobs runner, which get the id from a
    row of the merchant schema they run in, never from a request."""
    return Store.objects.select_related("merchant").get(pk=store_id)


def dangerously_staff_stores_for_email(*, email: str) -> list[Store]:
    """The active stores, of every active merchant, whose staff directory lists `email` (each with
    its merchant attached). Platform-wide, for the platform's sign-in only: the caller checks each
    in the merchant's schema before it tells anyone."""
    entries = (
        StaffDirectoryEntry.objects.filter(
            email=(email or "").strip().lower(), store__is_active=True, merchant__is_active=True
        )
        .select_related("store", "merchant")
        .order_by("merchant__name", "store__code")
    )
    stores = []
    for entry in entries:
        entry.store.merchant = entry.merchant
        stores.append(entry.store)
    return stores


def store_list(*, merchant: Merchant) -> QuerySet[Store]:
    return merchant.stores.filter(is_active=True).order_by("code")


def store_get(*, merchant: Merchant, code: str) -> Store:
    store = merchant.stores.filter(code=(code or "").upper(), is_active=True).first()
    if store is None:
        raise NotFound(_("No such store."))
    store.merchant = merchant
    return store


def domain_list(*, store: Store) -> QuerySet[Domain]:
    """The store's own domains and its merchant's merchant-wide ones."""
    return Domain.objects.filter(Q(store=store) | Q(tenant_id=store.merchant_id, store__isnull=True)).order_by(
        "kind", "domain"
    )


def domain_get(*, store: Store, domain_id: int) -> Domain:
    domain = domain_list(store=store).filter(pk=domain_id).first()
    if domain is None:
        raise NotFound(_("No such domain."))
    return domain


def dangerously_domains_to_recheck() -> QuerySet[Domain]:
    """Custom domains of every merchant that the periodic check looks at (platform-wide)."""
    return Domain.objects.filter(kind=Domain.Kind.CUSTOM).exclude(
        status__in=[Domain.Status.FAILED, Domain.Status.DROPPED]
    )


def dangerously_domain_claims_expired(*, now: datetime) -> QuerySet[Domain]:
    """Pending claims of every merchant whose time to be proved is over (platform-wide)."""
    return Domain.objects.filter(
        kind=Domain.Kind.CUSTOM,
        status=Domain.Status.PENDING,
        created_at__lte=now - timedelta(days=settings.DOMAIN_CLAIM_PENDING_DAYS),
    )


def dangerously_merchants_unconfirmed(*, created_before: datetime) -> QuerySet[Merchant]:
    """Merchants of every owner whose signup was never confirmed and is older than the given time
    (platform-wide): the periodic cleanup's candidates."""
    return Merchant.objects.filter(confirmed_at__isnull=True, created_at__lt=created_before).order_by("pk")
