"""Open redirects: every page that goes where the request says (`next`, the Referer of a language
switch) goes only to a page of the host the request came to (apps.core.redirects), and no code
reads a redirect target from a request without that module."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.test import Client, RequestFactory

from apps.accounts.services import member_invite
from apps.core.redirects import redirect_target, url_is_safe
from apps.core.roles import Role

from ..catalog.store_pages import BASE, make_product
from ..conftest import DOMAIN, PASSWORD

HOSTILE = [
    "https://evil.example/x",
    "http://evil.example/x",
    "//evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "https:evil.example",
    "https:/evil.example",
    "https:///evil.example",
    "/\t/evil.example",
    " //evil.example",
    "\x08//evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
    "http://alpha.testserver.local@evil.example/",
    "https://beta.testserver.local/",  # another store of the platform is another host too
]


def _lands_on(response, expected: str) -> None:
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == expected


# --- the rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_targets_are_refused(url):
    request = RequestFactory().post("/", {"next": url}, HTTP_HOST="alpha.testserver.local")
    assert not url_is_safe(request, url)
    assert redirect_target(request, default="/home/") == "/home/"


@pytest.mark.parametrize(
    "url", ["/store/ALPHA/", "/account/?tab=orders#top", "http://alpha.testserver.local/store/ALPHA/catalog/"]
)
def test_pages_of_this_host_are_followed(url):
    request = RequestFactory().get("/", {"next": url}, HTTP_HOST="alpha.testserver.local")
    assert redirect_target(request, default="/home/") == url


def test_https_pages_never_send_back_to_http():
    request = RequestFactory().get("/", {"next": "http://alpha.testserver.local/x"}, HTTP_HOST="alpha.testserver.local")
    request.is_secure = lambda: True
    assert redirect_target(request, default="/home/") == "/home/"


def test_the_referer_is_checked_too():
    factory = RequestFactory()
    evil = factory.post("/", HTTP_HOST="alpha.testserver.local", HTTP_REFERER="https://evil.example/")
    assert redirect_target(evil, default="/", referer=True) == "/"
    ours = factory.post("/", HTTP_HOST="alpha.testserver.local", HTTP_REFERER="http://alpha.testserver.local/p/x/")
    assert redirect_target(ours, default="/", referer=True) == "http://alpha.testserver.local/p/x/"


# --- every surface -----------------------------------------------------------------------------
# Each test tries every hostile value on its surface, and a page of the site that must still work.


def test_store_login(tenant_a):
    owner = tenant_a.owner()
    signed_in = tenant_a.client(owner)
    for url in HOSTILE:
        # after signing in, from the form's hidden field or the query string
        form = {"login": owner.email, "password": PASSWORD, "next": url}
        _lands_on(tenant_a.client().post("/store/ALPHA/login/", form), "/store/ALPHA/")
        query = f"/store/ALPHA/login/?{urlencode({'next': url})}"
        _lands_on(tenant_a.client().post(query, {"login": owner.email, "password": PASSWORD}), "/store/ALPHA/")
        # and when someone already signed in opens the sign-in page
        _lands_on(signed_in.get("/store/ALPHA/login/", {"next": url}), "/store/ALPHA/")
    form = {"login": owner.email, "password": PASSWORD, "next": "/store/ALPHA/team/"}
    _lands_on(tenant_a.client().post("/store/ALPHA/login/", form), "/store/ALPHA/team/")


def test_storefront_login_and_logout(tenant_a):
    customer = tenant_a.customer()
    signed_in = tenant_a.client(customer)
    for url in HOSTILE:
        form = {"login": customer.email, "password": PASSWORD, "next": url}
        _lands_on(tenant_a.client().post("/accounts/login/", form), "/")
        _lands_on(signed_in.get("/accounts/login/", {"next": url}), "/")
        _lands_on(tenant_a.client(customer).post("/accounts/logout/", {"next": url}), "/")
    form = {"login": customer.email, "password": PASSWORD, "next": "/account/"}
    _lands_on(tenant_a.client().post("/accounts/login/", form), "/account/")


def test_storefront_signup(tenant_a):
    for number, url in enumerate(HOSTILE):
        form = {"email": f"shopper-{number}@example.lu", "password1": PASSWORD, "password2": PASSWORD, "next": url}
        response = tenant_a.client().post("/accounts/signup/", form)
        assert response.status_code == 302, response.content[:500]
        assert response["Location"] == "/", url


def test_language_switch(tenant_a, public_client):
    for client in (tenant_a.client(), public_client):
        for url in HOSTILE:
            response = client.post("/i18n/setlang/", {"language": "fr", "next": url}, HTTP_REFERER=url)
            _lands_on(response, "/")
            assert response.cookies["django_language"].value == "fr"
            _lands_on(client.get("/i18n/setlang/", {"next": url}, HTTP_REFERER=url), "/")
    client = tenant_a.client()
    _lands_on(client.post("/i18n/setlang/", {"language": "de", "next": "/p/some-shirt/"}), "/p/some-shirt/")
    referer = "http://alpha.testserver.local/c/shirts/"
    _lands_on(client.post("/i18n/setlang/", {"language": "de"}, HTTP_REFERER=referer), referer)
    # a GET changes nothing
    assert "django_language" not in client.get("/i18n/setlang/", {"language": "lb", "next": "/"}).cookies


def test_catalog_back_to_the_list(tenant_a):
    product = make_product(tenant_a, "REDIR-1", stock=1)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = tenant_a.client(tenant_a.owner())
    adjust = f"{BASE}inventory/{variant_id}/adjust/"
    for url in HOSTILE:
        response = client.post(adjust, {"adjust-delta": "1", "adjust-reason": "returned", "next": url})
        _lands_on(response, f"{BASE}inventory/{variant_id}/")
    response = client.post(adjust, {"adjust-delta": "1", "adjust-reason": "returned", "next": f"{BASE}inventory/"})
    _lands_on(response, f"{BASE}inventory/")


def test_accept_invitation_sign_in_first(tenant_a):
    """The invitation page sends someone who has an account to the store's sign-in, and back."""
    member = tenant_a.member(Role.VIEWER, email="second-store@alpha.test", store=tenant_a.stores["ALPHA2"])
    with tenant_a:
        _invitation, token = member_invite(
            actor=tenant_a.owner(), actor_role=Role.OWNER, store=tenant_a.store, email=member.email, role=Role.EDITOR
        )
    invitation = f"/store/ALPHA/invitations/{token}/"
    assert f"/store/ALPHA/login/?next={invitation}" in tenant_a.client().get(invitation).content.decode()
    credentials = {"login": member.email, "password": PASSWORD}
    _lands_on(tenant_a.client().post(f"/store/ALPHA/login/?next={invitation}", credentials), invitation)
    for url in HOSTILE:
        hostile = tenant_a.client().post(f"/store/ALPHA/login/?{urlencode({'next': url})}", credentials)
        _lands_on(hostile, "/store/ALPHA/")


def test_platform_admin_login(public_client, platform_admin):
    for url in HOSTILE:
        form = {"username": platform_admin.email, "password": PASSWORD, "next": url}
        _lands_on(Client(HTTP_HOST=DOMAIN).post("/admin/login/", form), "/")


# --- the class stays closed --------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
HELPER = ROOT / "apps" / "core" / "redirects.py"
# Request parameters and headers that name a place to go.
REDIRECT_KEYS = {
    "next",
    "next_url",
    "redirect",
    "redirect_to",
    "redirect_url",
    "redirect_uri",
    "return",
    "return_to",
    "return_url",
    "returnto",
    "continue",
    "goto",
    "success_url",
    "http_referer",
    "referer",
    "referrer",
}
# Where a request keeps what the client sent (Django's HttpRequest, DRF's Request).
REQUEST_MAPS = {"GET", "POST", "META", "COOKIES", "headers", "query_params", "data"}


def _reads(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, key) of every read of a redirect-like key from a request mapping: `x.GET.get("next")`,
    `x.POST["next"]`, `x.META.get("HTTP_REFERER")`, `x.query_params.get("return_to")` ..."""
    found = []
    for node in ast.walk(tree):
        mapping = key = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"get", "getlist"}:
            mapping, key = node.func.value, node.args[0] if node.args else None
        elif isinstance(node, ast.Subscript):
            mapping, key = node.value, node.slice
        if (
            isinstance(mapping, ast.Attribute)
            and mapping.attr in REQUEST_MAPS
            and isinstance(key, ast.Constant)
            and isinstance(key.value, str)
            and key.value.lower() in REDIRECT_KEYS
        ):
            found.append((node.lineno, node.col_offset, key.value))
    return [(line, key) for line, _col, key in sorted(found)]


def test_the_scan_sees_a_redirect_target_read_by_hand():
    code = """
def view(request):
    a = request.GET.get("next") or request.POST["next"]
    b = self.request.META.get("HTTP_REFERER")
    c = request.query_params.get("return_to", "/")
    d = request.headers["Referer"]
    return request.GET.get("page"), request.POST.get("language")
"""
    assert [key for _line, key in _reads(ast.parse(code))] == ["next", "next", "HTTP_REFERER", "return_to", "Referer"]


def test_no_code_reads_a_redirect_target_without_the_helper():
    offenders = []
    for path in sorted([*(ROOT / "apps").rglob("*.py"), *(ROOT / "config").rglob("*.py")]):
        if path == HELPER or "migrations" in path.parts:
            continue
        for line, key in _reads(ast.parse(path.read_text(), filename=str(path))):
            offenders.append(f"{path.relative_to(ROOT)}:{line} reads {key!r}")
    assert not offenders, (
        "Read the page to go to next through apps.core.redirects (redirect_target / safe_url), which "
        "refuses other hosts:\n" + "\n".join(offenders)
    )


def test_no_template_links_to_a_redirect_target_from_the_request():
    pattern = re.compile(r"request\.(GET|POST|META)\.(" + "|".join(REDIRECT_KEYS) + r")\b", re.IGNORECASE)
    offenders = []
    for path in sorted([*(ROOT / "templates").rglob("*.html"), *(ROOT / "apps").rglob("templates/**/*.html")]):
        for number, text in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, "A template puts a request's redirect target in a page unchecked:\n" + "\n".join(offenders)
