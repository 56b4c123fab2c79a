"""Staff PINs. A PIN is 4 to 6 digits, so no hash makes it safe from someone who reads the table
and can try all million values: the defence is the lockout, and the hash is an HMAC keyed with a
secret the database never sees (FIELD_ENCRYPTION_KEY, else SECRET_KEY), salted per PIN. It costs
microseconds, where a password hasher would cost the terminal a third of a second per call.

Wrong tries are counted on the PIN's row under a row lock and committed on their own, before the
caller's work: parallel wrong tries all count, and a failed call still records its wrong PIN.

The lockout is per PIN, so one caller trying a guess on every staff PIN of the store in turn would
get the limit once per PIN: the caller's wrong tries across all PINs are counted too (in the
limits cache, per store and user) and past twice the programme's limit in a lockout period every
PIN entry of that caller is refused (`pin_attempts_throttled`, 429) until the period ends."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core import ratelimit
from apps.core.audit import audit_record
from apps.core.errors import NotFound, PermissionDenied, Throttled, ValidationFailed

from ..errors import LoyaltyErrorCode
from ..models import StaffPin
from .policy import Rules

PIN_RE = re.compile(r"^[0-9]{4,6}$")
CALLER_SCOPE = "loyalty_pin_caller"
CALLER_FACTOR = 2  # a caller's wrong tries across all PINs: this times the programme's limit


def _key() -> bytes:
    return (getattr(settings, "FIELD_ENCRYPTION_KEY", "") or settings.SECRET_KEY).encode()


def _digest(salt: str, pin: str) -> str:
    return hmac.new(_key(), f"{salt}:{pin}".encode(), hashlib.sha256).hexdigest()


def pin_clean(pin: Any) -> str:
    text = pin if isinstance(pin, str) else ""
    if not PIN_RE.match(text):
        raise ValidationFailed(
            _("A PIN is 4 to 6 digits."), code=LoyaltyErrorCode.PIN_INVALID, fields={"pin": [_("Enter 4 to 6 digits.")]}
        )
    return text


def _set(pin_row: StaffPin, pin: str) -> None:
    pin_row.pin_salt = secrets.token_hex(8)
    pin_row.pin_hash = _digest(pin_row.pin_salt, pin)
    pin_row.failed_attempts = 0
    pin_row.locked_until = None


def pin_create(*, store: Any, actor: Any, name: str, pin: str) -> StaffPin:
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ValidationFailed(_("Give the staff member's name."), fields={"name": [_("Enter a name.")]})
    pin = pin_clean(pin)
    if StaffPin.objects.filter(store_id=store.id, name__iexact=name, is_active=True).exists():
        raise ValidationFailed(
            _("There is already a PIN for %(name)s in this store.") % {"name": name},
            fields={"name": [_("This name already has a PIN.")]},
        )
    row = StaffPin(store_id=store.id, name=name)
    _set(row, pin)
    row.save()
    audit_record(actor=actor, action="loyalty.pin_created", target=row.name, store=store)
    return row


def _get(store: Any, pin_id: Any, *, for_update: bool = False) -> StaffPin:
    qs = StaffPin.objects.select_for_update() if for_update else StaffPin.objects
    row = qs.filter(store_id=store.id, pk=pin_id, is_active=True).first() if str(pin_id).isdigit() else None
    if row is None:
        raise NotFound(_("No such staff PIN in this store."), code=LoyaltyErrorCode.PIN_NOT_FOUND)
    return row


@transaction.atomic
def pin_reset(*, store: Any, actor: Any, pin_id: Any, pin: str) -> StaffPin:
    """A new PIN for the same staff member; also lifts a lockout."""
    row = _get(store, pin_id, for_update=True)
    _set(row, pin_clean(pin))
    row.save(update_fields=["pin_salt", "pin_hash", "failed_attempts", "locked_until", "updated_at"])
    audit_record(actor=actor, action="loyalty.pin_reset", target=row.name, store=store)
    return row


@transaction.atomic
def pin_revoke(*, store: Any, actor: Any, pin_id: Any) -> StaffPin:
    row = _get(store, pin_id, for_update=True)
    row.is_active = False
    row.revoked_at = timezone.now()
    row.save(update_fields=["is_active", "revoked_at", "updated_at"])
    audit_record(actor=actor, action="loyalty.pin_revoked", target=row.name, store=store)
    return row


def _locked_error(row: StaffPin) -> PermissionDenied:
    until = timezone.localtime(row.locked_until)
    return PermissionDenied(
        _("This PIN is locked after too many wrong tries. It works again at %(time)s, or a manager can reset it.")
        % {"time": date_format(until, "TIME_FORMAT")},
        code=LoyaltyErrorCode.PIN_LOCKED,
    )


def _caller_window(rules: Rules) -> int:
    return max(rules.program.pin_lockout_minutes, 1) * 60


def _caller_check(store: Any, rules: Rules, caller: str) -> None:
    if not caller:
        return
    seconds = _caller_window(rules)
    limit = CALLER_FACTOR * max(rules.program.pin_max_attempts, 1)
    if ratelimit.window_count(CALLER_SCOPE, f"{store.id}:{caller}", seconds=seconds) >= limit:
        raise Throttled(
            _("Too many wrong PINs from this terminal. Try again later, or ask a manager."),
            retry_after=ratelimit.window_left(seconds),
            code=LoyaltyErrorCode.PIN_ATTEMPTS_THROTTLED,
        )


def pin_verify(*, store: Any, rules: Rules, pin_id: Any, pin: Any, caller: str = "") -> StaffPin | None:
    """The staff member behind a terminal call, or None when the programme needs no PIN and none
    was given. Commits its own transaction (see the module's docstring). `caller` (the signed-in
    user's id) counts wrong tries across the store's PINs."""
    if pin_id in (None, "") and pin in (None, ""):
        if rules.pin_required:
            raise ValidationFailed(_("Enter your staff PIN."), code=LoyaltyErrorCode.PIN_REQUIRED)
        return None
    _caller_check(store, rules, caller)
    now = timezone.now()
    with transaction.atomic():
        row = _get(store, pin_id, for_update=True)
        if row.locked_until and row.locked_until > now:
            raise _locked_error(row)
        if isinstance(pin, str) and PIN_RE.match(pin) and hmac.compare_digest(row.pin_hash, _digest(row.pin_salt, pin)):
            row.failed_attempts, row.locked_until, row.last_used_at = 0, None, now
            row.save(update_fields=["failed_attempts", "locked_until", "last_used_at"])
            return row
        row.failed_attempts += 1
        left = rules.program.pin_max_attempts - row.failed_attempts
        if left <= 0:
            row.failed_attempts = 0
            row.locked_until = now + timedelta(minutes=rules.program.pin_lockout_minutes)
        row.save(update_fields=["failed_attempts", "locked_until"])
    if caller:
        ratelimit.window_hit(CALLER_SCOPE, f"{store.id}:{caller}", seconds=_caller_window(rules))
    if left <= 0:
        raise _locked_error(row)
    raise PermissionDenied(
        ngettext(
            "Wrong PIN. %(left)d try left before it is locked.",
            "Wrong PIN. %(left)d tries left before it is locked.",
            left,
        )
        % {"left": left},
        code=LoyaltyErrorCode.PIN_WRONG,
    )
