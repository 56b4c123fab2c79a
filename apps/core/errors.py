"""The one application error type. Services raise it (or a subclass) with a stable code; the API
renders it as {"code", "message", "fields"} and pages show the message next to the field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum


class CoreErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    MODULE_DISABLED = "module_disabled"
    NOT_AUTHENTICATED = "not_authenticated"
    THROTTLED = "throttled"
    CONFLICT = "conflict"
    # answers Django gives before or around the API's views (apps.core.middleware)
    BAD_REQUEST = "bad_request"
    TOO_LARGE = "too_large"
    CSRF_FAILED = "csrf_failed"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    SERVER_ERROR = "server_error"


class ApplicationError(Exception):
    status_code = 400
    default_code: str = CoreErrorCode.INVALID

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        fields: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = str(code or self.default_code)
        self.fields = {name: [str(m) for m in msgs] for name, msgs in (fields or {}).items()}

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class ValidationFailed(ApplicationError):
    status_code = 400


class NotFound(ApplicationError):
    status_code = 404
    default_code = CoreErrorCode.NOT_FOUND


class PermissionDenied(ApplicationError):
    status_code = 403
    default_code = CoreErrorCode.PERMISSION_DENIED


class ModuleDisabled(PermissionDenied):
    default_code = CoreErrorCode.MODULE_DISABLED


class Conflict(ApplicationError):
    status_code = 409
    default_code = CoreErrorCode.CONFLICT


class Throttled(ApplicationError):
    """Too many requests of a kind from one address or account; the message says when to retry,
    and `retry_after` (seconds, when known) becomes the API's Retry-After header."""

    status_code = 429
    default_code = CoreErrorCode.THROTTLED

    def __init__(self, message: str, *, retry_after: int | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = None if retry_after is None else int(retry_after)
