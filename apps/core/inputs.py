"""What text a request may carry, decided in one place for every page and API.

PostgreSQL cannot store a NUL character, and a lone UTF-16 surrogate ("\\ud800", which JSON can
spell) cannot even be encoded to send to it: either reached a query as a server error. So text
with either is refused before any view sees it, as is anything that is not UTF-8, and JSON nested
deeper than any request of the platform needs (deep nesting exhausts Python's recursion).

Used by apps.core.middleware.RequestInputMiddleware (the path, the query string, form posts) and
the API's parsers (apps.core.api.parsers: JSON, and forms sent with PUT or PATCH).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

from django.utils.translation import gettext as _

# NUL and every UTF-16 surrogate (a str holds one only when it was never valid Unicode)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Deeper than any request of the platform (a product's texts are 2 levels deep).
MAX_JSON_DEPTH = 32
# Declared charsets the platform reads text in (codec names as codecs.lookup() gives them); a
# request may not ask for others ("charset=rot13", "charset=zlib" ...).
TEXT_CHARSETS = frozenset({"utf-8", "utf-8-sig", "ascii", "iso8859-1", "cp1252"})


@dataclass(frozen=True)
class Problem:
    """Why a request's input is refused, and where: a parameter or a dotted JSON path ("title.en"),
    or "" when it cannot be named (the name itself is what is wrong)."""

    field: str
    message: str


def text_is_clean(text: str) -> bool:
    return _UNSTORABLE.search(text) is None


def bytes_are_clean(raw: bytes) -> bool:
    """UTF-8 without NUL characters (strict UTF-8 has no surrogates)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def charset_is_allowed(charset: str | None) -> bool:
    if not charset:
        return True
    try:
        return codecs.lookup(charset).name in TEXT_CHARSETS
    except LookupError:
        return True  # Django ignores a charset it does not know and reads UTF-8


def unclean_text_message() -> str:
    return _("This contains characters that are not allowed (a NUL character or text that is not valid UTF-8).")


def too_deep_message() -> str:
    return _("The request is nested too deeply (at most %(depth)d levels).") % {"depth": MAX_JSON_DEPTH}


def charset_message() -> str:
    return _("Send text encoded as UTF-8.")


def query_problem(raw: bytes) -> Problem | None:
    """The first parameter of a raw query string (or form body) whose name or value, once
    percent-decoded, is not clean UTF-8."""
    for pair in raw.split(b"&"):
        name, _sep, value = pair.partition(b"=")
        name, value = unquote_to_bytes(name.replace(b"+", b" ")), unquote_to_bytes(value.replace(b"+", b" "))
        if not bytes_are_clean(name):
            return Problem("", unclean_text_message())
        if not bytes_are_clean(value):
            return Problem(name.decode(), unclean_text_message())
    return None


def fields_problem(items: Iterable[tuple[str, list[Any]]]) -> Problem | None:
    """The first field of parsed form data (QueryDict.lists()) with unclean text in its name or
    one of its values (uploaded files are not text and are left to their own checks)."""
    for name, values in items:
        if not text_is_clean(name):
            return Problem("", unclean_text_message())
        if any(isinstance(value, str) and not text_is_clean(value) for value in values):
            return Problem(name, unclean_text_message())
    return None


def json_problem(data: Any) -> Problem | None:
    """The first place in a decoded JSON document nested deeper than MAX_JSON_DEPTH or holding
    unclean text (in a key or a value). Walked without recursion."""
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list) and depth > MAX_JSON_DEPTH:
            return Problem("", too_deep_message())
        if isinstance(value, dict):
            for key, item in value.items():
                if not text_is_clean(key):
                    return Problem(path, unclean_text_message())
                stack.append((item, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, path, depth + 1) for item in value)
        elif isinstance(value, str) and not text_is_clean(value):
            return Problem(path, unclean_text_message())
    return None
