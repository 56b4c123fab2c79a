"""Content-Security-Policy: every surface answers with an enforced policy that allows only the
project's own scripts (no inline script without the request's nonce, no eval) and no inline
styles; and no template or rendered page holds what that policy would block (inline scripts and
event handlers, javascript: links, style attributes, Alpine expressions that need eval)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.template import RequestContext, Template

from apps.catalog import services
from apps.core.roles import Role

from ..catalog.factories import fake_image, product

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", *sorted(Path(settings.BASE_DIR).glob("apps/*/templates"))]
APP_JS = Path(settings.BASE_DIR) / "static" / "js" / "app.js"
DATA_TYPES = {"application/ld+json", "application/json"}  # data blocks: never run, CSP does not apply


def policy(response) -> dict[str, list[str]]:
    assert "Content-Security-Policy-Report-Only" not in response, "the policy is enforced, not only reported"
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict(response) -> None:
    csp = policy(response)
    assert "'self'" in csp["script-src"]
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp[directive], directive
        assert "'unsafe-eval'" not in csp.get(directive, []), directive
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"][0] == "'self'"
    assert csp["default-src"] == ["'self'"]


# --- The header on every surface -----------------------------------------------------------------


def test_platform_home_has_the_policy(public_client):
    response = public_client.get("/")
    assert response.status_code == 200
    assert_strict(response)


def test_store_page_has_the_policy(tenant_a):
    response = tenant_a.client(tenant_a.owner()).get("/store/ALPHA/")
    assert response.status_code == 200
    assert_strict(response)


def test_storefront_page_has_the_policy(tenant_a):
    response = tenant_a.client().get("/")
    assert response.status_code == 200
    assert_strict(response)


def test_api_docs_run_under_the_policy(tenant_a, public_client):
    for client in (tenant_a.client(), public_client):
        response = client.get("/api/docs/")
        assert response.status_code == 200
        assert_strict(response)
        html = response.content.decode()
        assert_no_inline_code(html, "/api/docs/")
        # Swagger UI starts from a script of our own origin, not an inline one
        script = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', html)
        assert script, html
        started = client.get(script.group(1).replace("&amp;", "&"))
        assert started.status_code == 200
        assert started["Content-Type"].startswith("application/javascript")
        assert b"SwaggerUIBundle(" in started.content


def test_a_nonce_used_by_a_page_is_in_its_header(rf):
    """An inline block a page must keep is allowed by the request's nonce, which the header then
    names; a page that uses no nonce names none."""

    def inline_style(request):
        page = Template('<style nonce="{{ CSP_NONCE }}">p{color:red}</style>')
        return HttpResponse(page.render(RequestContext(request)))

    response = CSPMiddleware(inline_style)(rf.get("/"))
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy(response)["style-src"]
    plain = policy(CSPMiddleware(lambda request: HttpResponse("plain"))(rf.get("/")))
    assert not any(source.startswith("'nonce-") for source in plain["style-src"])


# --- Templates hold nothing the policy blocks -----------------------------------------------------


INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.I)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
STYLE_TAG = re.compile(r"<style\b([^>]*)>", re.I)
HTMX_EVAL = re.compile(r"""\shx-on[\w:-]*\s*=|\shx-(vals|vars)\s*=\s*["']\s*js:""")
# Alpine's CSP build evaluates expressions without eval: no globals, no arrow functions, no
# statements, no assignments; anything more is a method of an Alpine.data() component.
ALPINE_ATTRIBUTE = re.compile(r"""\s(x-[\w.:-]+|@[\w.:-]+|:[\w.-]+)\s*=\s*"([^"]*)\"""")
ALPINE_FORBIDDEN = re.compile(
    r"=>|;|\b(document|window|JSON|Math|console|confirm|alert|this|new|function)\b|(?<![=!<>])=(?!=)"
)


def template_files() -> list[Path]:
    """Every page template; e-mails are not pages (mail clients need their inline styles)."""
    return [path for folder in TEMPLATE_DIRS for path in sorted(folder.rglob("*.html")) if "email" not in path.parts]


def assert_no_inline_code(text: str, where: str) -> None:
    for attrs in SCRIPT_TAG.findall(text):
        kind = re.search(r"""type\s*=\s*["']([^"']+)""", attrs)
        if kind and kind.group(1) in DATA_TYPES:
            continue
        assert "src=" in attrs or "nonce=" in attrs, f"{where}: inline <script{attrs}> without the CSP nonce"
    for attrs in STYLE_TAG.findall(text):
        assert "nonce=" in attrs, f"{where}: <style> without the CSP nonce"
    assert not INLINE_HANDLER.search(text), f"{where}: inline event handler {INLINE_HANDLER.search(text).group()}"
    assert "javascript:" not in text, f"{where}: javascript: URL"
    assert not STYLE_ATTRIBUTE.search(text), f"{where}: style attribute"
    assert not HTMX_EVAL.search(text), f"{where}: {HTMX_EVAL.search(text).group()} runs code through eval"


def test_templates_hold_no_inline_code_or_styles():
    files = template_files()
    assert len(files) > 40
    for path in files:
        assert_no_inline_code(path.read_text(), str(path.relative_to(settings.BASE_DIR)))


def test_alpine_expressions_need_no_eval():
    components = set(re.findall(r"""Alpine\.data\(\s*["'](\w+)["']""", APP_JS.read_text()))
    assert {"shell", "productBulk", "productVariants", "gallery"} <= components
    for path in template_files():
        for name, expression in ALPINE_ATTRIBUTE.findall(path.read_text()):
            where = f"{path.relative_to(settings.BASE_DIR)}: {name}={expression!r}"
            assert not ALPINE_FORBIDDEN.search(expression), where
            if name == "x-data" and expression:
                assert expression in components, f"{where}: x-data names an Alpine.data() component of app.js"


def test_pages_load_alpines_csp_build_and_htmx_without_eval_or_styles():
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    assert "vendor/alpinejs-csp/alpine-csp-" in base
    assert not (Path(settings.BASE_DIR) / "static" / "vendor" / "alpinejs").exists()
    assert (Path(settings.BASE_DIR) / "static" / "vendor" / "alpinejs-csp" / "LICENSE.md").exists()
    config = re.search(r"""<meta name="htmx-config" content='([^']+)'>""", base).group(1)
    assert '"includeIndicatorStyles": false' in config and '"allowEval": false' in config
    assert ".htmx-indicator" in (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()


# --- Rendered pages, Python-made markup included --------------------------------------------------


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name == "style" or (value or "").strip().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not names.get("src") and not names.get("nonce") and names.get("type") not in DATA_TYPES:
            self.problems.append("<script> inline without nonce")
        if tag == "style" and not names.get("nonce"):
            self.problems.append("<style> without nonce")


@pytest.fixture
def catalog(tenant_a):
    with tenant_a:
        lamp = product(tenant_a.store, sku="LAMP", title={"en": "Desk lamp"}, price="30.00")
        services.variant_create(store=tenant_a.store, product=lamp, actor=None, sku="LAMP-B", price="32.00")
        fake_image(lamp, position=1)
        fake_image(lamp, position=2, primary=False)
        services.category_create(store=tenant_a.store, actor=None, name={"en": "Lights"})
        tenant_a.lamp = lamp
    return tenant_a


def test_rendered_pages_hold_nothing_the_policy_blocks(catalog):
    owner = catalog.client(catalog.owner())
    shopper = catalog.client()
    pk = catalog.lamp.pk
    pages = [
        (owner, "/store/ALPHA/"),
        (owner, "/store/ALPHA/catalog/"),
        (owner, f"/store/ALPHA/catalog/products/{pk}/"),
        (owner, "/store/ALPHA/catalog/products/add/"),
        (owner, "/store/ALPHA/catalog/categories/"),
        (owner, "/store/ALPHA/catalog/inventory/"),
        (owner, "/store/ALPHA/catalog/inventory/ledger/"),
        (owner, "/store/ALPHA/team/"),
        (owner, "/store/ALPHA/settings/"),
        (owner, "/store/ALPHA/domains/"),
        (catalog.client(catalog.member(Role.CASHIER)), "/store/ALPHA/"),
        (catalog.client(), "/store/ALPHA/login/"),
        (shopper, "/"),
        (shopper, f"/p/{catalog.lamp.slug}/"),
        (shopper, "/search/?q=lamp"),
        (shopper, "/accounts/login/"),
        (shopper, "/accounts/signup/"),
        (shopper, "/no-such-page/"),
    ]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert_strict(response)
        parser = _Attributes()
        parser.feed(response.content.decode())
        assert parser.problems == [], (path, parser.problems)


def test_public_pages_hold_nothing_the_policy_blocks(public_client, platform_admin):
    for path in ("/", "/signup/", "/pricing/", "/login/", "/admin/login/"):
        response = public_client.get(path)
        assert response.status_code == 200, path
        assert_strict(response)
        parser = _Attributes()
        parser.feed(response.content.decode())
        assert parser.problems == [], (path, parser.problems)
    connection.set_schema_to_public()  # the platform's sessions live in the public schema
    public_client.force_login(platform_admin)
    response = public_client.get("/admin/")
    assert response.status_code == 200
    assert_strict(response)
