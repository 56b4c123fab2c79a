"""A favicon on every page (no console error for a missing one): SVG with an .ico fallback,
served statically and linked from every base template (platform, store, storefront, standalone
pages, API docs, Django admin)."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client, override_settings


def test_favicon_files_are_served(db):
    assert finders.find("favicon.svg") and finders.find("favicon.ico")
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        client = Client(HTTP_HOST="testserver.local")
        for name, kind in (("favicon.svg", "image/svg+xml"), ("favicon.ico", "image/")):
            response = client.get(f"/static/{name}")
            assert response.status_code == 200, name
            assert response["Content-Type"].startswith(kind), response["Content-Type"]
        # browsers ask the root by themselves where nothing names an icon
        assert client.get("/favicon.ico")["Location"] == "/static/favicon.ico"


def assert_favicon(response) -> None:
    html = response.content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html, response.status_code
    assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in html


def test_every_kind_of_page_links_the_favicon(tenant_a, public_client, platform_admin):
    assert_favicon(public_client.get("/"))  # platform site
    assert_favicon(public_client.get("/no-such-page/"))  # standalone pages
    assert_favicon(tenant_a.client().get("/"))  # storefront
    assert_favicon(tenant_a.client().get("/store/ALPHA/login/"))  # store sign-in
    assert_favicon(tenant_a.client(tenant_a.owner()).get("/store/ALPHA/"))  # back office
    assert_favicon(tenant_a.client().get("/api/docs/"))  # API docs
    connection.set_schema_to_public()  # the platform's sessions live in the public schema
    public_client.force_login(platform_admin)
    assert_favicon(public_client.get("/admin/"))  # Django admin
    assert tenant_a.client().get("/favicon.ico").status_code == 302
