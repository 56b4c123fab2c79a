"""One error format for the whole API: {"code", "message", "fields"}. DRF's exceptions and the
application's errors are rendered by `exception_handler`; what Django answers itself on an API
path (an unknown path, a refused body, a CSRF failure, a server error) by `error_response`, from
apps.core.middleware and `csrf_failure`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ..errors import ApplicationError, CoreErrorCode


def _flatten(detail) -> tuple[str, dict[str, list[str]]]:
    """DRF's ValidationError detail -> (first message, {field: [messages]})."""
    if isinstance(detail, dict):
        fields: dict[str, list[str]] = {}
        for name, value in detail.items():
            _add_field(fields, name, value)
        general = fields.pop("non_field_errors", None)
        if general:
            return general[0], fields
        return _("The request has invalid fields."), fields
    if isinstance(detail, list):
        return (str(detail[0]) if detail else _("Invalid request.")), {}
    return str(detail), {}


def _add_field(fields: dict[str, list[str]], name: str, value) -> None:
    """The messages of one field; those of nested serializers under dotted names."""
    if isinstance(value, dict):
        _add_nested(fields, name, value)
    elif isinstance(value, list):
        flat: list[str] = []
        for item in value:
            if isinstance(item, dict):
                _add_nested(fields, name, item)
            else:
                flat.append(str(item))
        if flat:
            fields[name] = flat
    else:
        fields[name] = [str(value)]


def _add_nested(fields: dict[str, list[str]], name: str, detail: dict) -> None:
    _msg, nested = _flatten(detail)
    for sub, msgs in nested.items():
        fields[f"{name}.{sub}"] = msgs


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        headers = {"Retry-After": str(exc.retry_after)} if getattr(exc, "retry_after", None) else None
        return Response(exc.as_dict(), status=exc.status_code, headers=headers)
    if isinstance(exc, RequestDataTooBig):  # the body DRF read through Django's limits
        return Response(_error(CoreErrorCode.TOO_LARGE, too_large_message()), status=400)
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return Response(_error(CoreErrorCode.BAD_REQUEST, too_many_fields_message()), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: let it surface as a 500 and be logged
    if isinstance(exc, exceptions.ValidationError):
        message, fields = _flatten(exc.detail)
        code = CoreErrorCode.INVALID
    else:
        message, fields = _flatten(exc.detail)
        code = {
            status.HTTP_401_UNAUTHORIZED: CoreErrorCode.NOT_AUTHENTICATED,
            status.HTTP_403_FORBIDDEN: CoreErrorCode.PERMISSION_DENIED,
            status.HTTP_404_NOT_FOUND: CoreErrorCode.NOT_FOUND,
            status.HTTP_429_TOO_MANY_REQUESTS: CoreErrorCode.THROTTLED,
        }.get(response.status_code, getattr(exc, "default_code", "error"))
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            code = CoreErrorCode.NOT_AUTHENTICATED
    response.data = {"code": str(code), "message": message, "fields": fields}
    return response


def too_large_message() -> str:
    return _("The request is too large.")


def too_many_fields_message() -> str:
    return _("The request could not be read: it is malformed or has too many fields.")


def _error(code: str, message: str) -> dict:
    return {"code": str(code), "message": str(message), "fields": {}}


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def error_response(
    status_code: int, code: str, message: str, fields: Mapping[str, Sequence[str]] | None = None
) -> JsonResponse:
    body = {
        "code": str(code),
        "message": str(message),
        "fields": {k: [str(m) for m in v] for k, v in (fields or {}).items()},
    }
    return JsonResponse(body, status=status_code)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the API's error format on API paths, Django's page elsewhere."""
    if is_api_request(request):
        return error_response(403, CoreErrorCode.CSRF_FAILED, _("CSRF verification failed. Request aborted."))
    return django_csrf_failure(request, reason=reason)


class ErrorSerializer(serializers.Serializer):
    """The error format in the OpenAPI schema (component "Error"), for every app's API."""

    code = serializers.CharField(help_text="Stable machine-readable code, e.g. `sku_taken`, `refund_too_much`.")
    message = serializers.CharField(help_text="Human-readable, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Messages per input field; nested fields are dotted ("title.en").',
    )
