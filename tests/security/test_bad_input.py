"""Hostile input never answers 500 (issue 8, item 4).

Text no view may see (a NUL character, a lone surrogate, bytes that are not UTF-8, JSON nested a
thousand deep) is refused at the door: apps.core.middleware.RequestInputMiddleware for paths,
query strings and form posts, apps.core.api.parsers for API bodies. Every job's parameters are
checked before it is queued. What Django answers itself on an API path is in the API's format.

The fuzz at the end sends hostile values to every operation of the OpenAPI schema (the owner's
token, the owner's own objects) and to every form of the store and storefront pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any
from unittest import mock
from urllib.parse import quote, urljoin

import pytest
from django.conf import settings
from django.db.models import Model
from django.http import HttpResponseServerError
from django.test import Client, RequestFactory, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils.module_loading import import_string
from drf_spectacular.generators import SchemaGenerator
from rest_framework.views import APIView

from apps.accounts.services import api_token_issue
from apps.catalog import services as catalog
from apps.catalog.api.views.products import ProductListView
from apps.catalog.models import Category, Product
from apps.core.api import parsers as safe_parsers
from apps.core.api.errors import csrf_failure
from apps.core.errors import ValidationFailed
from apps.core.middleware import ApiErrorMiddleware
from apps.core.modules import JobKind, registry
from apps.jobs.models import Job
from apps.jobs.services import job_queue

from ..accounts.test_api import token_for
from ..catalog.factories import image_upload
from ..conftest import PASSWORD, Tenant, _tenant
from ..flows.test_isolation_walk import A_OBJECTS, IDS, SLUGS, WORDS
from ..flows.walk import FORGED, URLCONF, Filled, Route, fill_openapi, openapi_paths, tenant_routes

API = "/api/v1/store/stores/ALPHA/catalog"
JSON = "application/json"
MULTIPART = "multipart/form-data"


def api_client(tenant: Tenant) -> Client:
    return Client(HTTP_HOST=tenant.host, HTTP_AUTHORIZATION=f"Token {token_for(tenant, tenant.owner().email)}")


def assert_api_error(response, status: int = 400, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith(JSON), response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) == {"code", "message", "fields"}, body
    if code is not None:
        assert body["code"] == code, body
    return body


# --- The defects as found ---------------------------------------------------------------------------


def test_a_nul_in_a_query_parameter_is_a_400(tenant_a, public_client):
    response = api_client(tenant_a).get(f"{API}/products/lookup/?code=a%00b")
    body = assert_api_error(response, code="invalid")
    assert "code" in body["fields"]
    # a page too, and the TLS proxy's question on the platform domain
    assert tenant_a.client(tenant_a.owner()).get("/store/ALPHA/catalog/?q=a%00b").status_code == 400
    assert public_client.get("/internal/tls-ask/?domain=a%00b").status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"sku": "X-1", "price": "1", "title": {"en": "a\\u0000b"}}', "title.en"),
        ('{"sku": "X-1", "price": "1", "title": {"en": "\\ud800"}}', "title.en"),
        ('{"sku": "X-1", "price": "1", "title": {"\\u0000": "x"}}', "title"),
        ('{"sku": "X-1", "price": "1", "categories": ["\\udfff"]}', "categories"),
    ],
)
def test_unstorable_text_anywhere_in_json_is_a_400_naming_the_field(tenant_a, body, field):
    response = api_client(tenant_a).post(f"{API}/products/", body, content_type=JSON)
    assert assert_api_error(response, code="invalid")["fields"] == {field: [mock.ANY]}
    with tenant_a:
        assert not Product.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        '{"title": ' + "[" * 1000 + "]" * 1000 + "}",
        '{"title": ' + '{"a": ' * 1000 + "1" + "}" * 1000 + "}",
        "[" * 100_000 + "]" * 100_000,
        '{"title": ' + "[" * 40 + "]" * 40 + "}",
    ],
)
def test_json_nested_deeper_than_any_request_needs_is_a_400(tenant_a, body):
    response = api_client(tenant_a).post(f"{API}/products/", body, content_type=JSON)
    assert "nested too deeply" in assert_api_error(response, code="invalid")["message"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"sku": "\xff\xfe"}', JSON),
        (b'{"sku": "X", "price": NaN}', JSON),
        (b'{"sku": "X"}', "application/json; charset=rot13"),
        (b"sku=X", "application/x-www-form-urlencoded; charset=zlib"),
        (b"sku=a%00b&price=1", "application/x-www-form-urlencoded"),
        (b"sku=%ED%A0%80", "application/x-www-form-urlencoded"),
    ],
)
def test_bodies_that_are_not_clean_text_are_400(tenant_a, body, content_type):
    client = api_client(tenant_a)
    for method in ("POST", "PATCH"):
        path = f"{API}/products/" if method == "POST" else f"{API}/products/1/"
        response = client.generic(method, path, body, content_type=content_type)
        assert 400 <= response.status_code < 500, (method, response.content)
        assert_api_error(response, response.status_code)


# --- Every job kind is checked before it is queued ----------------------------------------------------


def test_a_job_kind_cannot_be_declared_without_a_validator():
    with pytest.raises(TypeError):
        JobKind(handler="apps.catalog.jobs.bulk_products")  # type: ignore[call-arg]
    for blank in ("", "   ", "nodots"):
        with pytest.raises(ValueError, match="validator"):
            JobKind(handler="apps.catalog.jobs.bulk_products", validator=blank)


def test_every_declared_job_kind_has_a_validator_that_exists():
    kinds = {kind: spec for module in registry.all() for kind, spec in module.jobs.items()}
    assert "catalog.bulk_products" in kinds
    for kind, spec in kinds.items():
        assert callable(import_string(spec.validator)), kind
        assert callable(import_string(spec.handler)), kind


@pytest.mark.parametrize("params", [{"category_id": "abc"}, {"category_id": [1]}, {"category_id": "²"}, [1], "x"])
def test_bulk_parameters_of_the_wrong_type_are_a_400(tenant_a, params):
    response = api_client(tenant_a).post(
        f"{API}/products/bulk/",
        {"action": "set_category", "params": params, "product_ids": [1]},
        content_type=JSON,
    )
    assert_api_error(response)
    with tenant_a:
        assert not Job.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"action": ["delete"], "params": {}, "product_ids": [1]},
        {"action": "delete", "params": {}, "product_ids": [True]},
        {"action": "delete", "params": {}, "product_ids": ["١"]},
        {"action": "delete", "params": {}, "product_ids": [2**70]},
        {"action": "delete", "params": {}, "product_ids": "1"},
        {"action": "price_percent", "params": {"percent": "1e2"}, "product_ids": [1]},
        {"action": "price_percent", "params": {"percent": "-99.999"}, "product_ids": [1]},
        ["not", "a", "dict"],
    ],
)
def test_a_job_is_not_queued_with_parameters_its_validator_refuses(tenant_a, params):
    with tenant_a:
        product = catalog.product_create(
            store=tenant_a.store, actor=None, data={"sku": "P-1", "title": {"en": "P"}, "price": "1.00"}
        )
        params = json.loads(json.dumps(params).replace("[1]", f"[{product.pk}]"))
        with pytest.raises(ValidationFailed):
            job_queue(store=tenant_a.store, kind="catalog.bulk_products", params=params)
        assert not Job.objects.exists()


# --- One place for every API view's parsers ------------------------------------------------------------


def test_every_api_view_parses_with_the_platform_parsers():
    """A view naming DRF's own parsers would take NUL characters and deep JSON again."""
    allowed = {safe_parsers.JSONParser, safe_parsers.FormParser, safe_parsers.MultiPartParser}
    seen = 0
    for route in tenant_routes():
        view = getattr(route.callback, "view_class", None) or getattr(route.callback, "cls", None)
        if view is None or not issubclass(view, APIView):
            continue
        seen += 1
        assert set(view.parser_classes) <= allowed, (route.name, view.parser_classes)
    assert seen >= 20


# --- What Django answers itself, on API paths and on pages --------------------------------------------


def test_an_unknown_api_path_is_a_404_in_the_api_format(tenant_a):
    assert_api_error(api_client(tenant_a).get("/api/v1/no/such/thing/"), 404, "not_found")
    assert_api_error(Client(HTTP_HOST="nowhere.example").get("/api/v1/store/me/"), 404, "not_found")
    page = tenant_a.client().get("/no/such/page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000, DATA_UPLOAD_MAX_NUMBER_FIELDS=20)
def test_bodies_too_large_or_with_too_many_fields_are_400_in_the_api_format(tenant_a):
    client = api_client(tenant_a)
    big = json.dumps({"sku": "x" * 2000})
    assert_api_error(client.post(f"{API}/products/", big, content_type=JSON), 400, "too_large")
    assert_api_error(client.post(f"{API}/products/", {"sku": "x" * 2000}), 400, "too_large")
    many = {f"f{i}": "1" for i in range(50)}
    assert_api_error(client.post(f"{API}/products/", many), 400, "bad_request")
    assert_api_error(client.get(f"{API}/products/", many), 400, "bad_request")
    # pages keep Django's 400 page
    page = tenant_a.client(tenant_a.owner()).post("/store/ALPHA/catalog/products/add/", many)
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


def test_a_server_error_on_an_api_path_is_a_500_in_the_api_format(tenant_a):
    client = api_client(tenant_a)
    client.raise_request_exception = False
    with mock.patch.object(ProductListView, "get", side_effect=RuntimeError("secret internals")):
        response = client.get(f"{API}/products/")
    body = assert_api_error(response, 500, "server_error")
    assert "secret" not in json.dumps(body)


def test_the_api_error_middleware_leaves_pages_and_json_alone():
    request = RequestFactory().get("/api/v1/x/")
    answer = ApiErrorMiddleware(lambda _request: HttpResponseServerError("<h1>boom</h1>"))(request)
    assert (answer.status_code, json.loads(answer.content)["code"]) == (500, "server_error")
    page = ApiErrorMiddleware(lambda _request: HttpResponseServerError("<h1>boom</h1>"))(RequestFactory().get("/x/"))
    assert page.content == b"<h1>boom</h1>"


def test_a_csrf_failure_on_an_api_path_is_a_403_in_the_api_format():
    body = assert_api_error(csrf_failure(RequestFactory().post("/api/v1/x/"), reason="no token"), 403, "csrf_failed")
    assert body["message"]
    page = csrf_failure(RequestFactory().post("/store/x/"), reason="no token")
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")


# --- Paths, query strings, headers, cookies and page forms ----------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/store/ALPHA/catalog/?q=%FF",
        "/store/ALPHA/catalog/?q=%ED%A0%80",
        "/store/ALPHA/catalog/?a%00=1",
        "/store/ALPHA/catalog/%00/",
        "/p/a%00b/",
        "/search/?q=a%00b",
    ],
)
def test_pages_refuse_text_that_is_not_clean_utf8(tenant_a, path):
    response = tenant_a.client(tenant_a.owner()).get(path)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_nul_in_a_page_form_post_is_a_400(tenant_a):
    client = tenant_a.client(tenant_a.owner())
    response = client.post("/store/ALPHA/catalog/categories/add/", {"name_en": "a\x00b"})
    assert response.status_code == 400
    with tenant_a:
        assert not Category.objects.exists()


def test_a_nul_in_a_header_is_a_400_and_a_nul_cookie_is_ignored(tenant_a):
    client = api_client(tenant_a)
    assert_api_error(client.get(f"{API}/products/", HTTP_ACCEPT_LANGUAGE="fr\x00"), 400)
    cookie = f'{settings.SESSION_COOKIE_NAME}="abcdefgh\\000ij"'  # a quoted cookie spells NUL in octal
    assert tenant_a.client().get("/", HTTP_COOKIE=cookie).status_code == 200


# --- The fuzz: every documented API operation and every form of the pages -------------------------

# What a client may send where a number, an id, a text or an object belongs: each in one field...
HOSTILE_VALUES: list[Any] = ["abc", "1_000", "１２", "١٢", "1e3", 10**30, True, [1], {"a": 1}]
# ... and each in every field at once.
HOSTILE_FILLERS: list[Any] = ["", "²", "NaN", "-1", -(10**30), 1.5, None, "x" * 3000]
# Bodies no field of any request should survive.
HOSTILE_BODIES: list[tuple[bytes, str]] = [
    (b'{"title": {"en": "a\\u0000b"}, "sku": "\\ud800"}', JSON),
    (b'{"a": "\\udfff"}', JSON),
    (b"[" * 1000 + b"]" * 1000, JSON),
    (b'{"a": "\xff\xfe"}', JSON),
    (b"NaN", JSON),
    (b"{", JSON),
    (b"null", JSON),
    (b'"text"', JSON),
    (b"1e999999", JSON),
    (b"sku=a%00b&title=%ED%A0%80", "application/x-www-form-urlencoded"),
    (b'{"sku": "X"}', "application/json; charset=zlib"),
]
# Query string and form values, percent-encoded as they travel.
HOSTILE_QUERY = ["a%00b", "%FF%FE", "%ED%A0%80", quote("1_000"), quote("１２"), quote("١٢"), "1e999", "-1", "9" * 60]
HOSTILE_NUMBERS = [quote("１２"), quote("1_000"), "9" * 60]
# Values the requests need to get past their first checks.
PLAUSIBLE: dict[str, Any] = {
    "sku": "FUZZ-1",
    "price": "1.00",
    "title": {"en": "Fuzz"},
    "name": {"en": "Fuzz"},
    "value": {"en": "Fuzz"},
    "values": [{"value": {"en": "Fuzz"}}],
    "action": "archive",
    "reason": "received",
    "role": "viewer",
    "email": "fuzz@alpha.test",
    "domain": "fuzz-alpha.lu",
    "vat_rate": "17.00",
    "params": {},
}
SKIPPED_PREFIXES = ("/api/", "/media/", "/static/")


@dataclass
class Fuzz:
    tenant: Tenant
    ids: dict[str, int]
    slugs: dict[str, str]
    files: dict[str, str]
    token: str
    session: str

    def fill(self, name: str, segment: str, integer: bool) -> Filled:
        if name == "code":
            return Filled(self.tenant.store.code, of_a=True)
        if (integer or name in ("pk", "id") or name.endswith("_id")) and IDS.get(segment) in self.ids:
            return Filled(str(self.ids[IDS[segment]]), of_a=True)
        if name == "slug" and SLUGS.get(segment) in self.slugs:
            return Filled(self.slugs[SLUGS[segment]], of_a=True)
        if name == "path" and segment == "media":
            return Filled(self.files["image"], of_a=True)
        if segment in WORDS.get(name, {}):
            return Filled(WORDS[name][segment], of_a=False)
        return Filled(FORGED, of_a=False)  # a secret from a link (sign-in, invitation, reset)

    def api(self) -> Client:
        return Client(HTTP_HOST=self.tenant.host, HTTP_AUTHORIZATION=f"Token {self.token}")

    def browser(self) -> Client:
        client = Client(HTTP_HOST=self.tenant.host)
        client.cookies[settings.SESSION_COOKIE_NAME] = self.session
        return client

    def plausible(self, name: str, schema: dict) -> Any:
        ids = {"categories": [self.ids["category"]], "parent": self.ids["category"], "order": [self.ids["image"]]}
        ids["product_ids"] = [self.ids["product"]]
        if name in PLAUSIBLE or name in ids:
            return PLAUSIBLE.get(name, ids.get(name))
        schema = _resolved(schema)
        if "enum" in schema:
            return next((value for value in schema["enum"] if value), None)
        kind = schema.get("type")
        return {"integer": 1, "number": 1, "boolean": True, "array": [], "object": {}}.get(kind, "x")


@pytest.fixture(scope="module")
def fuzz_data(module_db, tmp_path_factory) -> Iterator[Fuzz]:
    """One object of every kind in ALPHA (the owner's own), the owner's token and session."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("fuzz-media"))
    media.enable()
    try:
        with module_db():
            tenant = _tenant("a")
            made: dict[str, Model] = {}
            with tenant:
                for kind, make in A_OBJECTS.items():
                    made[kind] = make(tenant.store, made)
                _token, key = api_token_issue(email=tenant.owner().email, password=PASSWORD)
            yield Fuzz(
                tenant=tenant,
                ids={kind: obj.pk for kind, obj in made.items()},
                slugs={"product": made["product"].slug, "category": made["category"].slug},
                files={"image": made["image"].original.name},
                token=key,
                session=tenant.client(tenant.owner()).cookies[settings.SESSION_COOKIE_NAME].value,
            )
    finally:
        media.disable()


@pytest.fixture
def fuzz(fuzz_data, db) -> Iterator[Fuzz]:
    # the fuzz sends more requests in a minute than the API lets one user: no throttling here
    with mock.patch("rest_framework.throttling.SimpleRateThrottle.allow_request", return_value=True):
        yield fuzz_data


@cache
def _components() -> dict[str, dict]:
    return SchemaGenerator(urlconf=URLCONF).get_schema(request=None, public=True)["components"]["schemas"]


def _resolved(schema: dict) -> dict:
    while True:
        if "$ref" in schema:
            schema = _components()[schema["$ref"].rsplit("/", 1)[-1]]
        elif "allOf" in schema or "oneOf" in schema:
            schema = (schema.get("allOf") or schema.get("oneOf"))[0]
        else:
            return schema


def _queries(operation: dict) -> Iterator[str]:
    names = [p["name"] for p in operation.get("parameters", ()) if p["in"] == "query"]
    for name in names:
        for value in HOSTILE_QUERY:
            yield f"{quote(name)}={value}"


def _bodies(fuzz: Fuzz, operation: dict) -> Iterator[tuple[Any, str]]:
    content = operation.get("requestBody", {}).get("content", {})
    if JSON in content:
        properties = _resolved(content[JSON]["schema"]).get("properties", {})
        base = {name: fuzz.plausible(name, schema) for name, schema in properties.items()}
        yield json.dumps(base), JSON
        yield from HOSTILE_BODIES
        for value in HOSTILE_FILLERS:
            yield json.dumps(dict.fromkeys(properties, value)), JSON
        for name in properties:
            for value in HOSTILE_VALUES:
                yield json.dumps({**base, name: value}), JSON
    elif MULTIPART in content:
        properties = _resolved(content[MULTIPART]["schema"]).get("properties", {})
        texts = [name for name, schema in properties.items() if _resolved(schema).get("format") != "binary"]
        files = [name for name in properties if name not in texts]
        for name in texts:
            for value in ("a\x00b", "１２", "1_000", "x" * 3000):
                data = {**{n: "x" for n in texts}, name: value, **{n: image_upload() for n in files}}
                yield encode_multipart(BOUNDARY, data), MULTIPART_CONTENT


def assert_no_server_error(response, where: str, *, api: bool) -> None:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code < 500, (where, response.status_code, body[:500])
    if api and response.status_code >= 400:
        assert set(json.loads(body)) == {"code", "message", "fields"}, (where, body[:500])


OPERATIONS = openapi_paths()


@pytest.mark.parametrize("template", sorted(OPERATIONS))
def test_no_api_operation_answers_500_to_hostile_input(fuzz, template):
    operations = OPERATIONS[template]
    path, _names_a = fill_openapi(template, operations, fuzz.fill)
    client = fuzz.api()
    for method in sorted(operations, key=lambda m: m == "delete"):  # what it deletes last
        for query in _queries(operations[method]):
            where = f"{method.upper()} {path}?{query}"
            assert_no_server_error(client.generic(method.upper(), f"{path}?{query}"), where, api=True)
        if method not in ("post", "put", "patch"):
            continue
        for body, content_type in _bodies(fuzz, operations[method]):
            response = client.generic(method.upper(), path, body, content_type=content_type)
            assert_no_server_error(response, f"{method.upper()} {path} {str(body)[:200]}", api=True)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str]
    numbers: list[str]  # fields a number is typed in


class FormReader(HTMLParser):
    """The forms of a page: their action, method and fields with the values a browser would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower(), {}, []))
        elif not self.forms or not a.get("name"):
            return
        elif tag == "input" and a.get("type", "text") not in ("submit", "button", "file", "image", "reset"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.forms[-1].fields.setdefault(a["name"], a.get("value", "on" if a.get("type") else ""))
            if a.get("type") == "number" or a.get("inputmode") in ("numeric", "decimal"):
                self.forms[-1].numbers.append(a["name"])
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and (self._select not in self.forms[-1].fields or "selected" in a):
            self.forms[-1].fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1].fields[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] += data


def _encoded(fields: dict[str, str], raw: dict[str, str]) -> str:
    """A form body: `fields` percent-encoded, `raw` values as they are (already encoded)."""
    pairs = [f"{quote(name)}={quote(value)}" for name, value in fields.items() if name not in raw]
    return "&".join(pairs + [f"{quote(name)}={value}" for name, value in raw.items()])


FORMS_SEEN: set[tuple[str, str, tuple[str, ...]]] = set()
PAGE_ROUTES = [
    route
    for route in tenant_routes()
    if route.surface in ("store", "site") and "GET" in route.methods and not route.template.startswith(SKIPPED_PREFIXES)
]


def _fuzz_form(client: Client, page: str, form: Form) -> None:
    action = urljoin(page, form.action or page)
    key = (action.split("?")[0], form.method, tuple(sorted(form.fields)))
    if key in FORMS_SEEN or not action.startswith("/"):
        return
    FORMS_SEEN.add(key)
    names = [name for name in form.fields if name != "csrfmiddlewaretoken"]
    bodies = [_encoded({}, dict.fromkeys(names, value)) for value in HOSTILE_QUERY + [quote("x" * 5000)]]
    bodies += [_encoded(form.fields, {name: value}) for name in form.numbers for value in HOSTILE_NUMBERS]
    for body in bodies:
        if form.method == "post":
            response = client.post(action, body, content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(f"{action.split('?')[0]}?{body}")
        assert_no_server_error(response, f"{form.method.upper()} {action} {body[:300]}", api=False)


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=[route.name for route in PAGE_ROUTES])
def test_no_page_form_answers_500_to_hostile_input(fuzz, route: Route):
    path, _names_a = route.fill(fuzz.fill)
    clients = [fuzz.browser()] + ([Client(HTTP_HOST=fuzz.tenant.host)] if route.surface == "site" else [])
    for client in clients:
        query = "&".join(f"{name}={value}" for name in ("q", "page", "next", "variant", "sort") for value in ["%FF"])
        assert_no_server_error(client.get(f"{path}?{query}"), f"GET {path}?{query}", api=False)
        page = client.get(path)
        assert_no_server_error(page, f"GET {path}", api=False)
        if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
            continue
        reader = FormReader()
        reader.feed(page.content.decode())
        for form in reader.forms:
            _fuzz_form(client, path, form)


def test_the_fuzz_reaches_the_forms_and_operations():
    assert sum(len(operations) for operations in OPERATIONS.values()) >= 48
    assert len(PAGE_ROUTES) >= 40
