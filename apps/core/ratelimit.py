"""Counting what clients do, for limits: who the client is (its address), and counters and
refusals kept in the `limits` cache (Redis), platform-wide, so that every web process and every
host of the platform counts together.

Counters are fixed windows: `window_hit("signup", address, seconds=3600)` counts the hits of this
hour. A refusal is a key holding the moment it ends. Time comes from `clock()`, which tests move.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from collections.abc import Iterable
from contextlib import suppress

from django.conf import settings
from django.core.cache import caches

CACHE_ALIAS = "limits"
# Addresses of one IPv6 network of this size are one client: anyone holding an address holds
# the whole /64 it belongs to.
IPV6_PREFIX = 64


def clock() -> float:
    return time.time()


def cache():
    return caches[CACHE_ALIAS]


def client_ip(request) -> str:
    """The client's address: the connection's, or with TRUSTED_PROXY_COUNT proxies in front the
    entry of X-Forwarded-For that the nearest of them appended (anything left of it the client
    may have written itself). An IPv6 address stands for its /64 network."""
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    address = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        address = hops[-min(proxies, len(hops))]
    return address_key(address)


def address_key(address: str) -> str:
    """The client an address stands for: itself, or the /64 network of an IPv6 address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if parsed.version == 6:
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return str(parsed)


def digest(*parts: str) -> str:
    """A short fixed-length key part for values that must not sit in the cache as they are
    (e-mail addresses) or may be long."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _window(seconds: int) -> tuple[int, float]:
    now = clock()
    number = int(now // seconds)
    return number, (number + 1) * seconds - now


def window_name(scope: str, key: str, *, seconds: int) -> str:
    """The counter of `key` in the current window of `seconds` (for window_release)."""
    return f"{scope}:{key}:{_window(seconds)[0]}"


def window_hit(scope: str, key: str, *, seconds: int) -> int:
    """Count one hit of `key` in the current window of `seconds`; the count so far, this one
    included."""
    number, left = _window(seconds)
    name = f"{scope}:{key}:{number}"
    store = cache()
    store.add(name, 0, timeout=math.ceil(left) + 1)
    try:
        return store.incr(name)
    except ValueError:  # expired between add and incr
        store.set(name, 1, timeout=math.ceil(left) + 1)
        return 1


def window_release(name: str) -> None:
    """Take back one hit of the counter `name` (window_name), if its window has not ended."""
    with suppress(ValueError):
        cache().decr(name)


def window_count(scope: str, key: str, *, seconds: int) -> int:
    number, _left = _window(seconds)
    return cache().get(f"{scope}:{key}:{number}", 0)


def window_reset(scope: str, key: str, *, seconds: int) -> None:
    number, _left = _window(seconds)
    cache().delete(f"{scope}:{key}:{number}")


def window_left(seconds: int) -> int:
    """Seconds until the current window of `seconds` ends."""
    return max(1, math.ceil(_window(seconds)[1]))


def refuse(name: str, *, seconds: float) -> None:
    """Refuse `name` for `seconds` from now (see refused)."""
    until = clock() + seconds
    cache().set(f"refused:{name}", until, timeout=math.ceil(seconds) + 1)


def refused(names: Iterable[str]) -> int:
    """Seconds until the longest running refusal among `names` ends; 0 when none runs."""
    keys = [f"refused:{name}" for name in names]
    now = clock()
    ends = [until for until in cache().get_many(keys).values() if until > now]
    return math.ceil(max(ends) - now) if ends else 0


def strike(name: str, *, memory: int) -> int:
    """Count one more refusal of `name` (remembered for `memory` seconds); how many so far."""
    store = cache()
    key = f"strikes:{name}"
    store.add(key, 0, timeout=memory)
    try:
        return store.incr(key)
    except ValueError:
        store.set(key, 1, timeout=memory)
        return 1
