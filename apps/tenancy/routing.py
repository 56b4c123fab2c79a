"""Host -> merchant and store, resolved once per request and cached.

Priority for the address of a store: its own active custom domain, else an active merchant-wide
domain of its merchant, else its platform subdomain. A host is one Domain row, so routing a
request is a single lookup; the priority decides which address is canonical (store_base_url).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches

from .models import Domain, Merchant, Store

CACHE_ALIAS = "routing"
_MISSING = "missing"


@dataclass
class Route:
    """What a host serves. merchant None means the platform's public site."""

    merchant: Merchant | None = None
    store: Store | None = None  # the store of a store domain or subdomain
    domain: str = ""
    merchant_wide: bool = False
    stores: dict[str, Store] = field(default_factory=dict)  # active stores of a merchant domain

    @property
    def is_public(self) -> bool:
        return self.merchant is None


def platform_hosts() -> set[str]:
    return {settings.PLATFORM_DOMAIN, *settings.PLATFORM_HOST_ALIASES}


def _cache():
    return caches[CACHE_ALIAS]


def _key(host: str) -> str:
    if len(host) > 200:  # keep cache keys short whatever a client sends
        host = hashlib.sha256(host.encode()).hexdigest()
    return f"tenancy:host:{host}"


def _load(host: str) -> Route | None:
    if host in platform_hosts():
        return Route(domain=host)
    row = (
        Domain.objects.select_related("tenant", "store")
        .filter(domain=host, status=Domain.Status.ACTIVE, tenant__is_active=True)
        .first()
    )
    if row is None:
        return None
    if row.store_id is not None:
        if not row.store.is_active:
            return None
        row.store.merchant = row.tenant
        return Route(merchant=row.tenant, store=row.store, domain=host)
    stores = {s.code: s for s in row.tenant.stores.filter(is_active=True).order_by("created_at", "id")}
    for store in stores.values():
        store.merchant = row.tenant
    if not stores:
        return None
    return Route(merchant=row.tenant, domain=host, merchant_wide=True, stores=stores)


def resolve_host(host: str) -> Route | None:
    cache = _cache()
    cached = cache.get(_key(host))
    if cached == _MISSING:
        return None
    if cached is not None:
        return cached
    route = _load(host)
    timeout = settings.TENANT_HOST_CACHE_SECONDS
    cache.set(_key(host), route if route is not None else _MISSING, timeout if route else 60)
    return route


def forget_hosts(hosts) -> None:
    _cache().delete_many([_key(h) for h in hosts])


def forget_merchant(merchant_id: int) -> None:
    """Drop every cached route and canonical host of a merchant (its stores, domains, modules or
    status changed)."""
    forget_hosts(Domain.objects.filter(tenant_id=merchant_id).values_list("domain", flat=True))
    _cache().delete_many(
        [_store_host_key(pk) for pk in Store.objects.filter(merchant_id=merchant_id).values_list("pk", flat=True)]
    )


def _store_host_key(store_id: int) -> str:
    return f"tenancy:store-host:{store_id}"


def store_host(store: Store) -> str:
    """The canonical host of a store, by the priority above (cached)."""
    key = _store_host_key(store.pk)
    host = _cache().get(key)
    if host is None:
        host = _canonical_host(store)
        _cache().set(key, host, settings.TENANT_HOST_CACHE_SECONDS)
    return host


def _canonical_host(store: Store) -> str:
    domains = [
        d
        for d in Domain.objects.filter(tenant_id=store.merchant_id, status=Domain.Status.ACTIVE)
        if d.store_id in (store.id, None)
    ]

    def rank(d: Domain) -> int:
        if d.kind == Domain.Kind.CUSTOM and d.store_id == store.id:
            return 0
        if d.kind == Domain.Kind.CUSTOM:
            return 1
        return 2

    domains.sort(key=lambda d: (rank(d), d.domain))
    return domains[0].domain if domains else store.subdomain


def _with_port(host: str, request=None) -> str:
    port = ""
    if request is not None:
        incoming = request.get_host()
        if ":" in incoming:
            port = incoming.rsplit(":", 1)[1]
    elif settings.PLATFORM_PORT:
        port = str(settings.PLATFORM_PORT)
    return f"{host}:{port}" if port and port not in ("80", "443") else host


def store_base_url(store: Store, request=None, *, host: str | None = None) -> str:
    """Absolute base URL of a store (no trailing slash). With a request, keeps its scheme and
    port; a link to the store the request is already on keeps its host, so the visitor keeps
    their session (cookies belong to a host)."""
    scheme = request.scheme if request is not None else settings.PLATFORM_SCHEME
    if host is None and request is not None and getattr(getattr(request, "store", None), "pk", None) == store.pk:
        return f"{scheme}://{request.get_host()}"
    return f"{scheme}://{_with_port(host or store_host(store), request)}"


def platform_base_url(request=None) -> str:
    scheme = request.scheme if request is not None else settings.PLATFORM_SCHEME
    return f"{scheme}://{_with_port(settings.PLATFORM_DOMAIN, request)}"
