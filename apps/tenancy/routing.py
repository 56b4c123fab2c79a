"""Host -> merchant and store, resolved once per request and cached.

Priority for the address of a store: its own active custom domain, else an active merchant-wide
domain of its merchant, else its platform subdomain. A host is one Domain row, so routing a
request is a single lookup; the priority decides which address is canonical (store_base_url).
"""

from __future__ import annotations

import copy
import hashlib
import time
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


# Per-process copy of recent routes, so most requests skip even the Redis round trip. Other
# processes see a change to a domain or store within TENANT_HOST_LOCAL_CACHE_SECONDS.
_local: dict[str, tuple[float, Route | None]] = {}
_LOCAL_MAX = 10_000


def _fresh_copy(route: Route | None) -> Route | None:
    """Requests may change the objects they are handed (a bound form edits request.store): each
    gets its own shallow copies, linked to each other as the originals are."""
    if route is None or route.merchant is None:
        return route
    merchant = copy.copy(route.merchant)

    def store_copy(store: Store) -> Store:
        clone = copy.copy(store)
        clone.merchant = merchant
        return clone

    return Route(
        merchant=merchant,
        store=store_copy(route.store) if route.store is not None else None,
        domain=route.domain,
        merchant_wide=route.merchant_wide,
        stores={code: store_copy(s) for code, s in route.stores.items()},
    )


def resolve_host(host: str) -> Route | None:
    ttl = settings.TENANT_HOST_LOCAL_CACHE_SECONDS
    now = time.monotonic()
    if ttl:
        hit = _local.get(host)
        if hit is not None and hit[0] > now:
            return _fresh_copy(hit[1])
    cache = _cache()
    cached = cache.get(_key(host))
    if cached == _MISSING:
        route = None
    elif cached is not None:
        route = cached
    else:
        route = _load(host)
        timeout = settings.TENANT_HOST_CACHE_SECONDS
        cache.set(_key(host), route if route is not None else _MISSING, timeout if route else 60)
    if ttl:
        if len(_local) >= _LOCAL_MAX:
            _local.clear()
        _local[host] = (now + ttl, route)
    return _fresh_copy(route)


def forget_hosts(hosts) -> None:
    hosts = list(hosts)
    for host in hosts:
        _local.pop(host, None)
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
