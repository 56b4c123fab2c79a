"""Writes that carry an Idempotency-Key (the till, later loyalty terminals): a retried request
gets the first answer again and changes nothing.

How it holds under concurrency, without a read-then-write race:
1. the key's row is inserted on its own, committed at once (INSERT ... ON CONFLICT DO NOTHING on
   the unique (scope, key)): from then on every request with that key finds the same row;
2. the work runs in a transaction that first locks that row with NOWAIT: a second request while
   the first still runs cannot take the lock and is told so at once (in progress) instead of
   waiting or doing the work twice;
3. on success the answer is written into the row in the same transaction as the work, so either
   both are committed or neither. A later request with the key finds the answer and replays it.

Only a success spends a key. When the work fails (bad input, out of stock, a crash) nothing of it
is committed and the row stays without an answer: a corrected retry with the same key runs
afresh. The same key with another request body after a success is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import OperationalError, transaction
from django.utils.translation import gettext as _
from psycopg.errors import LockNotAvailable

from apps.core.errors import Conflict, ValidationFailed

from ..errors import OrdersErrorCode
from ..models import IdempotentRequest

KEY_MAX = 100


@dataclass(frozen=True)
class IdempotentOutcome:
    status_code: int
    body: dict[str, Any]
    replayed: bool  # the stored answer of an earlier request with this key


class IdempotencyKeyReused(ValidationFailed):
    status_code = 422


def idempotency_key_clean(key: str | None) -> str:
    """The key as sent (trimmed); refused when missing or longer than 100 characters."""
    text = (key or "").strip()
    if not text or len(text) > KEY_MAX:
        message = _("Send a unique Idempotency-Key header (up to 100 characters) with this request.")
        raise ValidationFailed(message, code=OrdersErrorCode.IDEMPOTENCY_KEY_REQUIRED)
    return text


def request_digest(payload: Any) -> str:
    """A hash of the request body that does not depend on key order or spacing."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _lock(scope: str, key: str) -> IdempotentRequest:
    try:
        return IdempotentRequest.objects.select_for_update(nowait=True).get(scope=scope, key=key)
    except OperationalError as error:
        if not isinstance(error.__cause__, LockNotAvailable):
            raise
        # the first request with this key still runs
        message = _("A request with this Idempotency-Key is still being processed. Retry in a moment.")
        raise Conflict(message, code=OrdersErrorCode.IDEMPOTENCY_IN_PROGRESS) from error


def idempotent_call(
    *, scope: str, key: str | None, payload: Any, run: Callable[[], tuple[int, dict[str, Any]]]
) -> IdempotentOutcome:
    """Run `run` (which returns the status code and JSON body of its answer) once per (scope,
    key). `scope` keeps the keys of different callers apart, e.g. "pos:<store id>:<user id>";
    `payload` is the request body, hashed to recognise a key reused for another request."""
    key = idempotency_key_clean(key)
    digest = request_digest(payload)
    IdempotentRequest.objects.bulk_create(
        [IdempotentRequest(scope=scope[:64], key=key, request_hash=digest)], ignore_conflicts=True
    )
    with transaction.atomic():
        row = _lock(scope[:64], key)
        if row.status_code is not None:
            if row.request_hash != digest:
                message = _("This Idempotency-Key was already used for a different request. Use a new key.")
                raise IdempotencyKeyReused(message, code=OrdersErrorCode.IDEMPOTENCY_KEY_REUSED)
            return IdempotentOutcome(status_code=row.status_code, body=row.response, replayed=True)
        status_code, body = run()
        row.request_hash, row.status_code, row.response = digest, status_code, body
        row.save(update_fields=["request_hash", "status_code", "response"])
    return IdempotentOutcome(status_code=status_code, body=body, replayed=False)
