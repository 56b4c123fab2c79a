"""How many merchants one network address may open: a fixed window counted in the cache, so
that a flood of signups cannot create schema after schema. Only signups that succeed count (a
failed one gives its slot back), so someone correcting typos is not locked out."""

from __future__ import annotations

import ipaddress
import time
from contextlib import suppress
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

from apps.core.errors import Throttled

from .errors import OnboardingErrorCode

IPV6_PREFIX = 64  # one customer's IPv6 network, as allauth's limits count it


def _source(ip_address: str) -> str:
    """The address counted: an IPv4 address, or the /64 network of an IPv6 one."""
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return ip_address
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return str(address)


def _window() -> tuple[str, float]:
    seconds = max(1, settings.SIGNUP_LIMIT_WINDOW)
    start = int(time.time() // seconds) * seconds
    return str(start), start + seconds


def _key(ip_address: str, window: str) -> str:
    return f"onboarding:signups:{_source(ip_address)}:{window}"


def signup_slot_take(*, ip_address: str) -> str:
    """Count one signup from `ip_address`, or raise Throttled saying when to try again. Returns
    the key to give back with signup_slot_release if the signup then fails."""
    window, ends = _window()
    key = _key(ip_address, window)
    cache.add(key, 0, timeout=int(ends - time.time()) + 1)
    if cache.incr(key) <= settings.SIGNUP_LIMIT_PER_ADDRESS:
        return key
    cache.decr(key)
    retry_at = datetime.fromtimestamp(ends, tz=UTC)
    raise Throttled(
        _("Too many stores were opened from your network in a short time. Please try again in %(wait)s.")
        % {"wait": timeuntil(retry_at)},
        code=OnboardingErrorCode.SIGNUP_THROTTLED,
    )


def signup_slot_release(*, key: str) -> None:
    with suppress(ValueError):  # the window ended meanwhile
        cache.decr(key)
