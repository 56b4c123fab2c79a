"""Error pages keep the site they are on: on a store's domain the store's header (its name, product
search and account links) and footer; the server error page renders even when the database is
gone, and falls back to plain text when it cannot render at all."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection
from django.test import Client

from apps.catalog.views import storefront as catalog_storefront
from apps.core import views as core_views
from apps.tenancy.models import Merchant

SEARCH = 'role="search"'


def _assert_store_layout(html: str, store) -> None:
    assert "<title>" in html and f"{store.name}</title>" in html
    assert 'class="topbar"' in html and f"<span>{store.name}" in html
    assert f"© {store.name}" in html  # the store's footer
    assert 'class="topnav"' in html


def test_store_404_is_inside_the_storefront(tenant_a):
    response = tenant_a.client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_store_layout(html, tenant_a.store)
    assert SEARCH in html and "/accounts/login/" in html
    assert "Page not found" in html


def test_store_404_shows_the_signed_in_customer(tenant_a):
    client = tenant_a.client(tenant_a.customer())
    html = client.get("/no-such-page/").content.decode()
    assert "/account/" in html and "Sign out" in html


def test_store_404_is_in_the_store_language(tenant_a):
    tenant_a.store.__class__.objects.filter(pk=tenant_a.store.pk).update(language="fr")
    html = tenant_a.client().get("/no-such-page/").content.decode()
    assert "Page introuvable" in html and 'lang="fr"' in html


def test_page_of_a_switched_off_module_is_a_404_inside_the_storefront(tenant_a):
    Merchant.objects.filter(pk=tenant_a.merchant.pk).update(disabled_modules=["catalog"])
    response = tenant_a.client().get("/search/?q=shirt")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_store_layout(html, tenant_a.store)
    assert SEARCH not in html  # no product search without the catalog


def test_back_office_module_disabled_page_keeps_the_store(tenant_a):
    Merchant.objects.filter(pk=tenant_a.merchant.pk).update(disabled_modules=["catalog"])
    response = tenant_a.client(tenant_a.owner()).get("/store/ALPHA/catalog/")
    assert response.status_code == 403
    html = response.content.decode()
    _assert_store_layout(html, tenant_a.store)
    assert "This module is not enabled" in html and "/store/ALPHA/" in html


def test_platform_404_is_inside_the_public_site(public_client, settings):
    response = public_client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="topbar"' in html and settings.PLATFORM_NAME in html and "Page not found" in html


@pytest.fixture
def database_down(monkeypatch):
    """The storefront's home fails on the database, and every query after that fails too."""
    down = {"now": False}

    def fail(*args, **kwargs):
        down["now"] = True
        raise DatabaseError("server closed the connection unexpectedly")

    def refuse(execute, sql, params, many, context):
        if down["now"]:
            raise DatabaseError("no connection to the server")
        return execute(sql, params, many, context)

    monkeypatch.setattr(catalog_storefront.HomeView, "get", fail)
    with connection.execute_wrapper(refuse):
        yield down


def test_500_keeps_the_store_header_without_the_database(tenant_a, database_down):
    client = Client(HTTP_HOST=tenant_a.host, raise_request_exception=False)
    response = client.get("/")
    assert database_down["now"]
    assert response.status_code == 500
    html = response.content.decode()
    _assert_store_layout(html, tenant_a.store)
    assert SEARCH in html and "Something went wrong" in html
    assert "/account/" in html  # account links that need no signed-in user


def test_500_for_a_signed_in_customer_needs_no_query(tenant_a, database_down):
    client = tenant_a.client(tenant_a.customer())
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert tenant_a.store.name in response.content.decode()


def test_500_falls_back_to_plain_text_when_its_page_fails(tenant_a, database_down, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry for 'css/app.css'")

    monkeypatch.setattr(core_views, "render", broken)
    client = Client(HTTP_HOST=tenant_a.host, raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_500_before_a_store_is_known_is_the_plain_page(rf):
    """The routing middleware failed (request.store never set): the page without any site layout."""
    response = core_views.server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content and b"topbar" not in response.content


def test_too_many_requests_page_keeps_the_store(tenant_a):
    client = tenant_a.client()
    statuses = [client.post("/accounts/password/reset/", {"email": "a@example.lu"}).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5 and statuses[-1] == 429
    response = client.post("/accounts/password/reset/", {"email": "a@example.lu"})
    _assert_store_layout(response.content.decode(), tenant_a.store)
    assert "Too many attempts" in response.content.decode()
