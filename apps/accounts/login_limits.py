"""The one limit on password guessing, for every way in: the store's and the shop's sign-in pages
(allauth), Django admin on the platform, the API's token endpoint, allauth's re-authentication and
anything else that calls django.contrib.auth.authenticate() with a password.

It sits where they all meet: the first authentication backend (apps.accounts.backends) asks
`check()` before any password is compared, and authenticate()'s user_login_failed signal
counts the failures. The limits (settings.LOGIN_LIMITS) follow OWASP's "device cookies":

- an address with too many failures (whatever the accounts) is refused for a while that doubles
  with each refusal in a day (BLOCK .. BLOCK_MAX);
- so is an address with too many failures for one account;
- an account with too many failures from clients it does not know (all addresses together, so
  rotating addresses does not help) refuses such clients for ACCOUNT_BLOCK: the most that someone
  else's wrong passwords can cost its owner on a new device;
- a client that signed in to the account before holds a signed device cookie for it and is not
  refused by that per-account limit (the owner gets in during an attack); its own failures are
  counted per cookie, and past DEVICE_FAILURES the cookie stops counting as known.

Accounts are named by what was typed (so unknown addresses behave exactly like known ones) within
the schema that checks them (one merchant's customer is not another's). Refused attempts compare no
password and count nothing. Callers tell a refusal from a wrong password with `refusal(request)`:
pages show its message, the API answers 429 with Retry-After.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import connection
from django.utils.translation import ngettext

from apps.core import ratelimit

DEVICE_SALT = "accounts.device"
DEVICE_ENTRIES = 10  # accounts one browser is remembered for
STRIKE_MEMORY = 24 * 60 * 60


def _limits() -> dict:
    return settings.LOGIN_LIMITS


@dataclass(frozen=True)
class Refusal:
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))

    @property
    def message(self) -> str:
        return ngettext(
            "Too many failed login attempts. Try again in about %(minutes)d minute.",
            "Too many failed login attempts. Try again in about %(minutes)d minutes.",
            self.minutes,
        ) % {"minutes": self.minutes}


@dataclass(frozen=True)
class Attempt:
    """One password check: who from where, and whether the client knows the account."""

    address: str
    account: str
    device: str  # the nonce of the client's device cookie for this account, "" when it has none

    @property
    def names(self) -> dict[str, str]:
        return {
            "address": f"login:address:{self.address}",
            "pair": f"login:pair:{self.account}:{self.address}",
            "account": f"login:account:{self.account}",
        }


def _http(request):
    return getattr(request, "_request", request)  # a DRF request wraps Django's


def _account(login: str) -> str:
    return ratelimit.digest(connection.schema_name, (login or "").strip().lower())


def _devices(request) -> dict[str, str]:
    """account -> nonce, from the request's device cookie (empty when absent, forged or old)."""
    value = _http(request).COOKIES.get(_limits()["DEVICE_COOKIE_NAME"])
    if not value:
        return {}
    try:
        entries = signing.loads(value, salt=DEVICE_SALT, max_age=_limits()["DEVICE_COOKIE_AGE"])
    except signing.BadSignature:
        return {}
    return dict(entries) if isinstance(entries, list) else {}


def attempt_for(request, login: str) -> Attempt:
    account = _account(login)
    return Attempt(address=ratelimit.client_ip(request), account=account, device=_devices(request).get(account, ""))


def _trusted(attempt: Attempt) -> bool:
    window = _limits()["WINDOW"]
    if not attempt.device:
        return False
    return ratelimit.window_count("login:device", attempt.device, seconds=window) < _limits()["DEVICE_FAILURES"]


def check(request, login: str) -> Refusal | None:
    """Whether this client may have a password checked for `login` now; the refusal (also kept
    on the request for `refusal()`) when not."""
    attempt = attempt_for(request, login)
    names = attempt.names
    watched = [names["address"], names["pair"]]
    if not _trusted(attempt):
        watched.append(names["account"])
    seconds = ratelimit.refused(watched)
    found = Refusal(seconds=seconds) if seconds else None
    _http(request).login_refusal = found
    return found


def refusal(request) -> Refusal | None:
    """The refusal of this request's last password check, if it was refused."""
    return getattr(_http(request), "login_refusal", None) if request is not None else None


def _count(scope: str, key: str, name: str, limit: int, *, growing: bool) -> None:
    limits = _limits()
    if ratelimit.window_hit(scope, key, seconds=limits["WINDOW"]) < limit:
        return
    ratelimit.window_reset(scope, key, seconds=limits["WINDOW"])
    if growing:
        strikes = ratelimit.strike(name, memory=STRIKE_MEMORY)
        seconds = min(limits["BLOCK"] * 2 ** (strikes - 1), limits["BLOCK_MAX"])
    else:
        seconds = limits["ACCOUNT_BLOCK"]
    ratelimit.refuse(name, seconds=seconds)


def failed(request, login: str) -> None:
    """Count a wrong password (not a refused attempt: that compared nothing)."""
    if refusal(request) is not None:
        return
    limits = _limits()
    attempt = attempt_for(request, login)
    names = attempt.names
    _count("login:address", attempt.address, names["address"], limits["ADDRESS_FAILURES"], growing=True)
    pair = f"{attempt.account}:{attempt.address}"
    _count("login:pair", pair, names["pair"], limits["ACCOUNT_ADDRESS_FAILURES"], growing=True)
    if _trusted(attempt):
        ratelimit.window_hit("login:device", attempt.device, seconds=limits["WINDOW"])
    else:
        _count("login:account", attempt.account, names["account"], limits["ACCOUNT_FAILURES"], growing=False)


def succeeded(request, login: str) -> None:
    """The right password: the client's own recent mistakes for the account are forgiven and the
    client is remembered for the account (its device cookie, written by DeviceCookieMiddleware)."""
    attempt = attempt_for(request, login)
    ratelimit.window_reset("login:pair", f"{attempt.account}:{attempt.address}", seconds=_limits()["WINDOW"])
    remember(request, login)


def remember(request, login: str) -> None:
    """Give the client a device cookie for `login` (kept with those of its other accounts)."""
    account = _account(login)
    devices = _devices(request)
    nonce = devices.pop(account, "") or secrets.token_urlsafe(12)
    entries = [[account, nonce], *[[key, value] for key, value in devices.items()]][:DEVICE_ENTRIES]
    _http(request).device_cookie = signing.dumps(entries, salt=DEVICE_SALT, compress=True)


def write_device_cookie(request, response) -> None:
    value = getattr(request, "device_cookie", None)
    if value is None:
        return
    limits = _limits()
    response.set_cookie(
        limits["DEVICE_COOKIE_NAME"],
        value,
        max_age=limits["DEVICE_COOKIE_AGE"],
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
