"""Where a page may send the browser next when the request names the place (`?next=`, a form's
hidden `next` field, the Referer of a language switch): only to a page of the host the request came
to, over the same scheme or a safer one. Every redirect target taken from a request goes through
this module; tests/security/test_open_redirect.py fails when code reads one anywhere else.

Django's url_has_allowed_host_and_scheme does the checking: it refuses other hosts (`https://evil`,
`//evil`, `/\\evil`, `\\\\evil`), schemes other than http(s) (`javascript:`), scheme-only
addresses (`https:evil`) and leading control characters.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# The request parameter that names the page to return to (Django's and allauth's name for it).
REDIRECT_FIELD = "next"


def url_is_safe(request: HttpRequest, url: str | None) -> bool:
    """Whether `url` is a page of the host this request came to (relative, or absolute on this
    host; https only when the request is)."""
    url = (url or "").strip()
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_url(request: HttpRequest, url: str | None, *, default: str) -> str:
    """`url` when it is safe (see url_is_safe), else `default`."""
    return url.strip() if url and url_is_safe(request, url) else default


def redirect_target(request: HttpRequest, *, default: str, referer: bool = False) -> str:
    """The page the request asks to go to next (its `next`, from the form first, then the query
    string), when it is safe; else, with `referer`, the page the browser came from, when that is
    safe; else `default`."""
    target = request.POST.get(REDIRECT_FIELD) or request.GET.get(REDIRECT_FIELD)
    if target and url_is_safe(request, target):
        return target.strip()
    if referer:
        return safe_url(request, request.META.get("HTTP_REFERER"), default=default)
    return default
