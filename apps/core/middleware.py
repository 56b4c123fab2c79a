"""The platform's own middleware:

- ApiErrorMiddleware (outermost): on API paths, every error Django answers itself (an unknown path,
  a refused body, a server error ...) in the API's format {"code", "message", "fields"};
- RequestInputMiddleware (next): text no view may see refused with a 400 before any does;
- ApplicationErrorMiddleware (innermost): application errors raised while rendering a page shown
  as a page that explains them.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from .api.errors import error_response, is_api_request, too_large_message, too_many_fields_message
from .errors import ApplicationError, CoreErrorCode, ModuleDisabled
from .inputs import (
    Problem,
    charset_is_allowed,
    charset_message,
    fields_problem,
    query_problem,
    text_is_clean,
    unclean_text_message,
)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _json_like(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


def _answer(request: HttpRequest, status_code: int) -> tuple[str, str]:
    """The code and message of an error answer Django gave on an API path."""
    if status_code == 404:
        return CoreErrorCode.NOT_FOUND, _("Not found.")
    if status_code == 403:
        return CoreErrorCode.PERMISSION_DENIED, _("You do not have permission to perform this action.")
    if status_code == 405:
        return CoreErrorCode.METHOD_NOT_ALLOWED, _('Method "%(method)s" not allowed.') % {"method": request.method}
    if status_code == 413:
        return CoreErrorCode.TOO_LARGE, too_large_message()
    if status_code >= 500:
        return CoreErrorCode.SERVER_ERROR, _("A server error occurred.")
    return CoreErrorCode.BAD_REQUEST, _("The request could not be understood.")


class ApiErrorMiddleware:
    """On API paths (/api/...), an error answer that is not already the API's JSON (Django's 404
    for an unknown path, its 400 for a body too large or too many fields, a 405, a 500 page ...)
    is replaced by {"code", "message", "fields"} with the same status. Pages keep their HTML."""

    KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not is_api_request(request) or _json_like(response):
            return response
        code, message = _answer(request, response.status_code)
        answer = error_response(response.status_code, code, message)
        for header in self.KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        return answer


class RequestInputMiddleware:
    """Refuses, with a 400 before any view runs, a request whose path, query string, headers or
    form fields hold a NUL character or text that is not UTF-8 (a lone surrogate is one), or that
    names a charset the platform does not read text in (apps.core.inputs); cookies with such text
    are dropped. JSON bodies and forms sent with PUT or PATCH are checked by the API's parsers
    (apps.core.api.parsers), as Django reads form fields of POST requests only.

    On API paths the answer is the API's error, naming the parameter; pages get the 400 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            problem = self._problem(request)
        except RequestDataTooBig:
            if not is_api_request(request):
                raise
            return error_response(400, CoreErrorCode.TOO_LARGE, too_large_message())
        except (SuspiciousOperation, MultiPartParserError):
            if not is_api_request(request):
                raise
            return error_response(400, CoreErrorCode.BAD_REQUEST, too_many_fields_message())
        if problem is not None:
            if not is_api_request(request):
                raise BadRequest(problem.message)
            fields = {problem.field: [problem.message]} if problem.field else None
            return error_response(400, CoreErrorCode.INVALID, problem.message, fields)
        _drop_unclean_cookies(request)
        return self.get_response(request)

    def _problem(self, request: HttpRequest) -> Problem | None:
        if not charset_is_allowed(request.content_params.get("charset")):
            return Problem("", charset_message())
        # (bytes of the path that are not UTF-8 Django keeps percent-escaped: never text)
        if not text_is_clean(request.path_info):
            return Problem("", unclean_text_message())
        if any("\x00" in value for key, value in request.META.items() if _is_header(key, value)):
            return Problem("", unclean_text_message())
        problem = query_problem(_raw(request, "QUERY_STRING"))
        if problem is None and request.method == "POST" and request.content_type in FORM_TYPES:
            # (the CSRF check reads these fields next anyway; DRF takes them as parsed here)
            problem = fields_problem(request.POST.lists()) or fields_problem((name, []) for name in request.FILES)
        return problem


def _raw(request: HttpRequest, key: str) -> bytes:
    """A WSGI environ string as the bytes the client sent (WSGI hands them over as Latin-1)."""
    value = request.META.get(key, "")
    try:
        return value.encode("iso-8859-1")
    except UnicodeEncodeError:  # already decoded text (ASGI); a surrogate stays invalid UTF-8
        return value.encode("utf-8", "surrogatepass")


def _is_header(key: str, value: object) -> bool:
    return isinstance(value, str) and (key.startswith("HTTP_") or key == "CONTENT_TYPE")


def _drop_unclean_cookies(request: HttpRequest) -> None:
    """A cookie with a NUL character (quoted cookies may spell one, "\\000") is not ours: as if not
    sent. A stray cookie must not lock anyone out of a site with an error."""
    for name, value in list(request.COOKIES.items()):
        if not (text_is_clean(name) and text_is_clean(value)):
            del request.COOKIES[name]


class ApplicationErrorMiddleware:
    """Turn application errors raised while rendering a page into a page that explains them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_api_request(request):
            return None  # the API renders its own errors
        if isinstance(exception, ApplicationError):
            template = "core/module_disabled.html" if isinstance(exception, ModuleDisabled) else "core/error.html"
            return render(request, template, {"error": exception}, status=exception.status_code)
        return None
