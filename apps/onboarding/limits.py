"""How many merchants one network address may open: a fixed window counted with the platform's
limits (apps.core.ratelimit), so that a flood of signups cannot create schema after schema. Only
signups that succeed count (a failed one gives its slot back), so someone correcting typos is not
locked out."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

from apps.core import ratelimit
from apps.core.errors import Throttled

from .errors import OnboardingErrorCode

SCOPE = "signups"


def signup_slot_take(*, ip_address: str) -> str:
    """Count one signup from `ip_address`, or raise Throttled saying when to try again. Returns
    the counter to give back with signup_slot_release if the signup then fails."""
    seconds = max(1, settings.SIGNUP_LIMIT_WINDOW)
    source = ratelimit.address_key(ip_address)
    name = ratelimit.window_name(SCOPE, source, seconds=seconds)
    if ratelimit.window_hit(SCOPE, source, seconds=seconds) <= settings.SIGNUP_LIMIT_PER_ADDRESS:
        return name
    ratelimit.window_release(name)
    retry_at = datetime.fromtimestamp(ratelimit.clock() + ratelimit.window_left(seconds), tz=UTC)
    raise Throttled(
        _("Too many stores were opened from your network in a short time. Please try again in %(wait)s.")
        % {"wait": timeuntil(retry_at)},
        code=OnboardingErrorCode.SIGNUP_THROTTLED,
        retry_after=ratelimit.window_left(seconds),
    )


def signup_slot_release(*, key: str) -> None:
    ratelimit.window_release(key)
