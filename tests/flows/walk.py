"""The machinery of the isolation walk (test_isolation_walk.py): every route the URL resolver knows
for store domains and every operation of the OpenAPI schema with their path parameters filled in,
the requests made with merchant B's credentials and what is expected of the answers, and a
fingerprint of every row a merchant owns."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from drf_spectacular.generators import SchemaGenerator

URLCONF = "config.urls_tenant"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class Unfillable(LookupError):
    """A path parameter the walk has no value for."""


@dataclass(frozen=True)
class Filled:
    value: str
    of_a: bool  # whether the value names something of merchant A (its store, an object, a file)


# (parameter name, the last literal path segment before it, whether it is an integer) -> its value
Filler = Callable[[str, str, bool], Filled]


@dataclass(frozen=True)
class Route:
    """One URL pattern of the tenant URLconf, with the chain of patterns that leads to it."""

    chain: tuple[RoutePattern | RegexPattern, ...]
    name: str
    callback: Callable

    @property
    def template(self) -> str:
        return "/" + "".join(str(piece) for piece in self.chain)

    @property
    def surface(self) -> str:
        """Where the route is: "store" (store pages), "api" (/api/v1/) or "site" (storefront,
        sign-in pages, API docs, media)."""
        first = str(self.chain[0])
        return {"store/<str:code>/": "store", "api/v1/": "api"}.get(first, "site")

    @property
    def parameters(self) -> list[str]:
        return [name for piece in self.chain for name, _is_int, _at in _parameters(piece)]

    @property
    def methods(self) -> tuple[str, ...]:
        """The methods the view answers (a class-based view's handlers); every one for a function."""
        view = getattr(self.callback, "view_class", None)
        if view is None:
            return METHODS
        return tuple(method for method in METHODS if hasattr(view, method.lower()))

    def fill(self, filler: Filler) -> tuple[str, bool]:
        """The path with every parameter filled, and whether it names anything of merchant A.
        Checked against the resolver: the filled path must reach this very view."""
        parts, context, of_a = [], "", False
        for piece in self.chain:
            regex, text, position = isinstance(piece, RegexPattern), str(piece), 0
            for name, is_int, (start, end) in _parameters(piece):
                literal = _literal(text[position:start], regex)
                context += literal
                filled = filler(name, last_segment(context), is_int)
                parts += [literal, filled.value]
                context += "/"
                of_a = of_a or filled.of_a
                position = end
            literal = _literal(text[position:], regex)
            parts.append(literal)
            context += literal
        path = "/" + "".join(parts)
        match = resolve(path, urlconf=URLCONF)
        assert match.func is self.callback, (self.template, path, match.func)
        return path, of_a


@cache
def tenant_routes() -> tuple[Route, ...]:
    """Every route of the store domains' URLconf, in the order the resolver tries them."""
    return tuple(_walk(get_resolver(URLCONF).url_patterns, (), ()))


def _walk(patterns, chain, namespaces) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, (*chain, entry.pattern), spaces)
        elif isinstance(entry, URLPattern):
            full = (*chain, entry.pattern)
            name = ":".join((*namespaces, entry.name)) if entry.name else "".join(str(p) for p in full)
            yield Route(chain=full, name=name, callback=entry.callback)


_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


def _parameters(piece) -> list[tuple[str, bool, tuple[int, int]]]:
    """(name, whether it is an integer, its span in the pattern's text) of a pattern's parameters."""
    text = str(piece)
    if isinstance(piece, RoutePattern):
        return [(m["name"], m["converter"] == "int", m.span()) for m in _ROUTE_PARAMETER.finditer(text)]
    return [(m.group(1), False, (m.start(), _group_end(text, m.start()))) for m in re.finditer(r"\(\?P<(\w+)>", text)]


def _group_end(text: str, start: int) -> int:
    """Where the regex group opened at `start` ends (escapes and character classes skipped)."""
    depth, i, in_class = 0, start, False
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"Unbalanced group in {text!r}")


def _literal(text: str, regex: bool) -> str:
    """The path text of a pattern's literal part (a regex's anchors dropped, escapes undone)."""
    if not regex:
        return text
    return re.sub(r"\\(.)", r"\1", text.replace("^", "").replace("$", ""))


def last_segment(context: str) -> str:
    """The last word of a path's literal text ("products" in "catalog/products/"): what names the
    collection a parameter that follows it picks from."""
    words = [w.rstrip("-.") for w in context.split("/") if re.match(r"[A-Za-z]", w)]
    return words[-1] if words else ""


# --- The OpenAPI schema ---------------------------------------------------------------------------


@cache
def openapi_paths() -> dict[str, dict]:
    """The paths of the OpenAPI schema the store domains serve at /api/schema/: template -> its
    operations by lower-case method."""
    schema = SchemaGenerator(urlconf=URLCONF).get_schema(request=None, public=True)
    return {path: dict(operations) for path, operations in schema["paths"].items()}


def fill_openapi(template: str, operations: dict, filler: Filler) -> tuple[str, bool]:
    """An OpenAPI path template with its {parameters} filled, and whether it names anything of A."""
    types = {
        p["name"]: p.get("schema", {}).get("type") == "integer"
        for operation in operations.values()
        for p in operation.get("parameters", ())
        if p["in"] == "path"
    }
    of_a = False

    def one(match: re.Match) -> str:
        nonlocal of_a
        name = match.group(1)
        context = re.sub(r"\{\w+\}", "/", template[: match.start()])
        filled = filler(name, last_segment(context), types.get(name, False))
        of_a = of_a or filled.of_a
        return filled.value

    return re.sub(r"\{(\w+)\}", one, template), of_a


# --- Requests -------------------------------------------------------------------------------------

# What stands in for a secret of B's, to see what a secret nobody holds opens.
FORGED = "0forged"
# B's own pages must not show these (A's host, store code, merchant and objects all carry "alpha").
A_MARKER = b"alpha"


@dataclass(frozen=True)
class FilledByB(Filled):
    """A value only B holds (a token from a link B was sent)."""

    secret_of_b: bool = True


class Walker(Protocol):
    """What the walk needs of its data (test_isolation_walk.Walk)."""

    a: Any
    b: Any
    b_session: str
    b_token: str

    def fill(self, name: str, segment: str, integer: bool) -> Filled: ...
    def snapshot(self) -> dict[str, str]: ...
    def json_body(self) -> dict[str, Any]: ...
    def form_body(self) -> dict[str, Any]: ...


def clients(walk: Walker, host: str, *, api: bool) -> list[tuple[str, Client]]:
    """B's session (any route) and B's API token (API routes), on `host`."""
    session = Client(HTTP_HOST=host)
    session.cookies[settings.SESSION_COOKIE_NAME] = walk.b_session
    pairs = [("B's session", session)]
    if api:
        pairs.append(("B's token", Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {walk.b_token}")))
    return pairs


def send(walk: Walker, client: Client, method: str, path: str, *, form: bool):
    if method == "GET":
        response = client.get(path)
    elif method == "POST" and form:
        response = client.post(path, walk.form_body())
    else:
        response = client.generic(method, path, json.dumps(walk.json_body()), content_type="application/json")
    # reading a streamed body to its end closes the response the way the test client expects
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


@dataclass(frozen=True)
class Target:
    """A filled path and what the walk expects of it."""

    path: str
    names_a: bool  # it names A's store, objects or files: never 2xx from B's domain
    private: bool  # a store page or store API route: never 2xx on A's domain either
    api: bool
    secrets: tuple[str, ...]  # B's secrets in the path
    forged: str  # the path with forged secrets instead of B's

    def walk(self, walk: Walker, methods) -> None:
        """Every method with B's credentials, on B's domain and on A's; A's rows unchanged."""
        before = walk.snapshot()
        for method in methods:
            for who, client in clients(walk, walk.b.host, api=self.api):
                self.check_on_b(walk, f"{method} {self.path} on B's domain with {who}", client, method)
            for who, client in clients(walk, walk.a.host, api=self.api):
                self.check_on_a(walk, f"{method} {self.path} on A's domain with {who}", client, method)
        after = walk.snapshot()
        changed = {table: (before.get(table), rows) for table, rows in after.items() if before.get(table) != rows}
        assert not changed, ("A's rows changed", changed)

    def check_on_b(self, walk: Walker, where: str, client: Client, method: str) -> None:
        status, body = send(walk, client, method, self.path, form=not self.api)
        assert status < 500, (where, status, body[:500])
        if self.names_a:
            assert not 200 <= status < 300, (where, "names A's store or objects", status, body[:500])
        elif 200 <= status < 300:  # B's own page: nothing of A's on it
            assert A_MARKER not in _without_csrf(body).lower(), (where, "shows something of A's", body[:2000])

    def check_on_a(self, walk: Walker, where: str, client: Client, method: str) -> None:
        status, body = send(walk, client, method, self.path, form=not self.api)
        assert status < 500, (where, status, body[:500])
        if not 200 <= status < 300:
            return
        assert not self.private, (where, "a store page or store API of A's", status, body[:500])
        anonymous, _body = send(walk, Client(HTTP_HOST=walk.a.host), method, self.path, form=not self.api)
        assert anonymous == status, (where, "B's credentials got more than an anonymous visitor", status)
        if self.secrets:  # B's secret must open no more than a forged one
            forged_status, forged_body = send(walk, client, method, self.forged, form=not self.api)
            assert (status, self.neutral(body)) == (forged_status, self.neutral(forged_body)), (
                where,
                "a secret of B's opened something on A's domain",
                body[:3000],
            )

    def neutral(self, body: bytes) -> bytes:
        """A page with its CSRF tokens, its path and the secrets in it (B's or forged) blanked."""
        body = _without_csrf(body)
        for secret in sorted((self.path, self.forged, *self.secrets, FORGED), key=len, reverse=True):
            body = body.replace(secret.encode(), b"SECRET")
        return body


def _without_csrf(body: bytes) -> bytes:
    """A page with its CSRF tokens (random letters) blanked, also where they are quoted in JSON."""
    return re.sub(rb'(csrfmiddlewaretoken\\?" value=\\?"|X-CSRFToken\\?": \\?")[A-Za-z0-9]+', rb"\1", body)


def target_of(walk: Walker, fill: Callable[[Callable], tuple[str, bool]], *, private: bool, api: bool) -> Target:
    secrets: list[str] = []

    def filler(name: str, segment: str, integer: bool) -> Filled:
        filled = walk.fill(name, segment, integer)
        if isinstance(filled, FilledByB):
            secrets.append(filled.value)
        return filled

    def forger(name: str, segment: str, integer: bool) -> Filled:
        filled = walk.fill(name, segment, integer)
        return Filled(FORGED, of_a=False) if isinstance(filled, FilledByB) else filled

    try:
        path, names_a = fill(filler)
    except Unfillable as missing:
        pytest.fail(str(missing), pytrace=False)
    forged, _names_a = fill(forger)
    return Target(path, names_a, private, api, tuple(secrets), forged)


# --- What a merchant owns -------------------------------------------------------------------------

# A digest of every row of a table or query aliased "t", independent of the order they are stored in.
DIGEST = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"


def schema_fingerprint(schema: str, *, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """table -> row count and a digest of every row, for every table of a merchant's schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_type = 'BASE TABLE'",
            [schema],
        )
        tables = sorted(name for (name,) in cursor.fetchall() if name not in skip)
        selects = [f'SELECT \'{table}\', count(*), {DIGEST} FROM "{schema}"."{table}" t' for table in tables]
        cursor.execute(" UNION ALL ".join(selects))
        return {table: f"{count} rows, {digest}" for table, count, digest in cursor.fetchall()}


def rows_fingerprint(sql: str, params: list) -> str:
    """A digest of the rows a query returns (a merchant's rows of a shared table)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), {DIGEST} FROM ({sql}) t", params)
        count, digest = cursor.fetchone()
    return f"{count} rows, {digest}"
