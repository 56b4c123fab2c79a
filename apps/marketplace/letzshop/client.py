"""The one way to Letzshop's GraphQL API: every call of the marketplace app goes through
`execute()`, which sends the store's key as `Authorization: Bearer <key>` to LETZSHOP_API_URL
(the real service, or the local sandbox in development and tests: tools/letzshop_sandbox.py).

Rate limits (429), Letzshop's own outages (5xx), timeouts and dropped connections are retried with
an exponential backoff (LETZSHOP_RETRIES times, honouring Retry-After); what still fails comes back
as LetzshopError with a `code` and a message a merchant can read, never as a 500."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class LetzshopErrorCode:
    AUTH = "letzshop_auth_failed"  # wrong or revoked key
    RATE_LIMITED = "letzshop_rate_limited"
    UNAVAILABLE = "letzshop_unavailable"  # 5xx, refused connection, timeout
    GRAPHQL = "letzshop_graphql_error"  # the API answered with errors
    BAD_RESPONSE = "letzshop_bad_response"  # not the JSON we expect


class LetzshopError(Exception):
    """A call to Letzshop failed; `message` says why in plain words, `code` is stable."""

    def __init__(self, message: str, *, code: str, retryable: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.message, self.code, self.retryable, self.status = message, code, retryable, status


@dataclass(frozen=True)
class _Attempt:
    """What one HTTP attempt gave: the decoded JSON, or the error and how long to wait."""

    data: dict[str, Any] | None = None
    error: LetzshopError | None = None
    wait: float | None = None


def _backoff(attempt: int, retry_after: str | None) -> float:
    if retry_after and retry_after.strip().isdigit():
        return min(float(retry_after), settings.LETZSHOP_BACKOFF_MAX)
    return min(settings.LETZSHOP_BACKOFF * (2**attempt), settings.LETZSHOP_BACKOFF_MAX)


def _key_refused() -> str:
    return _("Letzshop refused the API key: it is wrong or was revoked. Copy a new key from your Letzshop account.")


def _http_error(response: requests.Response, attempt: int) -> _Attempt:
    status = response.status_code
    if status in (401, 403):
        message = _(
            "Letzshop refused the API key: it is wrong or was revoked. Copy a new key from your Letzshop account."
        )
        return _Attempt(error=LetzshopError(message, code=LetzshopErrorCode.AUTH, status=status))
    if status == 429:
        message = _("Letzshop is limiting how often we may call it. We tried again several times; please retry later.")
        error = LetzshopError(message, code=LetzshopErrorCode.RATE_LIMITED, retryable=True, status=status)
        return _Attempt(error=error, wait=_backoff(attempt, response.headers.get("Retry-After")))
    if status >= 500:
        message = _("Letzshop is not answering properly right now (error %(status)s). Please retry later.") % {
            "status": status
        }
        error = LetzshopError(message, code=LetzshopErrorCode.UNAVAILABLE, retryable=True, status=status)
        return _Attempt(error=error, wait=_backoff(attempt, response.headers.get("Retry-After")))
    message = _("Letzshop answered with an unexpected error (%(status)s).") % {"status": status}
    return _Attempt(error=LetzshopError(message, code=LetzshopErrorCode.BAD_RESPONSE, status=status))


def _decode(response: requests.Response) -> _Attempt:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        message = _("Letzshop's answer could not be read. Check that the API address is Letzshop's GraphQL API.")
        return _Attempt(error=LetzshopError(message, code=LetzshopErrorCode.BAD_RESPONSE))
    errors = body.get("errors")
    if errors:
        first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
        detail = str(first.get("message") or "")[:200]
        extensions = first.get("extensions") if isinstance(first.get("extensions"), dict) else {}
        if extensions.get("code") in ("UNAUTHENTICATED", "FORBIDDEN"):
            message = _(
                "Letzshop refused the API key: it is wrong or was revoked. Copy a new key from your Letzshop account."
            )
            return _Attempt(error=LetzshopError(message, code=LetzshopErrorCode.AUTH))
        message = _("Letzshop refused the request: %(detail)s") % {"detail": detail or _("no reason given")}
        return _Attempt(error=LetzshopError(message, code=LetzshopErrorCode.GRAPHQL))
    data = body.get("data")
    if not isinstance(data, dict):
        message = _("Letzshop's answer could not be read. Check that the API address is Letzshop's GraphQL API.")
        return _Attempt(error=LetzshopError(message, code=LetzshopErrorCode.BAD_RESPONSE))
    return _Attempt(data=data)


def _attempt(session: requests.Session, *, api_key: str, payload: dict, attempt: int) -> _Attempt:
    try:
        response = session.post(
            settings.LETZSHOP_API_URL,
            json=payload,
            headers={"Authorization": f"Bearer {api_key}", "Accept": "application/json"},
            timeout=(settings.LETZSHOP_CONNECT_TIMEOUT, settings.LETZSHOP_TIMEOUT),
            allow_redirects=False,
        )
    except requests.Timeout:
        message = _("Letzshop did not answer in time. Please retry later.")
        error = LetzshopError(message, code=LetzshopErrorCode.UNAVAILABLE, retryable=True)
        return _Attempt(error=error, wait=_backoff(attempt, None))
    except requests.RequestException:
        message = _("Letzshop could not be reached. Check the connection and retry later.")
        error = LetzshopError(message, code=LetzshopErrorCode.UNAVAILABLE, retryable=True)
        return _Attempt(error=error, wait=_backoff(attempt, None))
    if response.status_code != 200:
        return _http_error(response, attempt)
    return _decode(response)


def execute(*, api_key: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run one GraphQL operation and return its `data`, or raise LetzshopError."""
    payload = {"query": query, "variables": variables or {}}
    with requests.Session() as session:
        for attempt in range(settings.LETZSHOP_RETRIES + 1):
            result = _attempt(session, api_key=api_key, payload=payload, attempt=attempt)
            if result.data is not None:
                return result.data
            assert result.error is not None
            if result.wait is None or attempt == settings.LETZSHOP_RETRIES:
                raise result.error
            logger.info("Letzshop call failed (%s), retrying in %.1f s", result.error.code, result.wait)
            time.sleep(result.wait)
    raise AssertionError("unreachable")  # pragma: no cover
