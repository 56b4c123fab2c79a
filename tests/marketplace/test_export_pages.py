"""The Letzshop feed page and its API: who sees the URLs, who may make new ones, and that another
merchant gets nothing."""

from __future__ import annotations

import pytest

from apps.core.audit import AuditEvent
from apps.core.roles import Role
from apps.marketplace.services.export import export_feed_token

from ..accounts.test_api import api, token_for
from .export_helpers import plain

pytestmark = pytest.mark.django_db

PAGE = "/store/ALPHA/marketplace/feed/"
ROTATE = "/store/ALPHA/marketplace/feed/rotate/"
API = "/api/v1/store/stores/ALPHA/marketplace/feed/"


def _token(tenant):
    with tenant:
        return export_feed_token(store=tenant.store)


def test_page_shows_the_urls_and_the_count(tenant_a):
    with tenant_a:
        plain(tenant_a.store, "LAMP")
    response = tenant_a.client(tenant_a.owner()).get(PAGE)
    assert response.status_code == 200
    token = _token(tenant_a)
    html = response.content.decode()
    for lang in ("fr", "de", "en"):
        assert f"http://{tenant_a.host}/feeds/letzshop/{token}/{lang}.tsv" in html
    assert "data-copy=" in html
    assert "Generate a new secret URL" in html
    assert response.context["count"] == {"products": 1, "rows": 1}


def test_owner_rotates_from_the_page(tenant_a):
    old = _token(tenant_a)
    response = tenant_a.client(tenant_a.owner()).post(ROTATE)
    assert response.status_code == 302
    assert _token(tenant_a) != old
    with tenant_a:
        assert AuditEvent.objects.filter(action="marketplace.feed_token_rotate", store_id=tenant_a.store.id).exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.MANAGER])
def test_other_roles_see_but_cannot_rotate(tenant_a, role):
    old = _token(tenant_a)
    client = tenant_a.client(tenant_a.member(role))
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Generate a new secret URL" not in page.content.decode()
    assert client.post(ROTATE).status_code == 403
    assert api(tenant_a, token_for(tenant_a, tenant_a.member(role).email)).post(f"{API}rotate/").status_code == 403
    assert _token(tenant_a) == old


def test_api_reads_and_rotates(tenant_a):
    with tenant_a:
        plain(tenant_a.store, "LAMP")
    client = api(tenant_a, token_for(tenant_a, tenant_a.owner().email))
    body = client.get(API).json()
    old = _token(tenant_a)
    assert body["urls"]["fr"] == f"http://{tenant_a.host}/feeds/letzshop/{old}/fr.tsv"
    assert body["csv_urls"]["en"].endswith(f"/{old}/en.csv")
    assert (body["products"], body["rows"]) == (1, 1)
    rotated = client.post(f"{API}rotate/")
    assert rotated.status_code == 200
    new = _token(tenant_a)
    assert new != old
    assert rotated.json()["urls"]["de"].endswith(f"/{new}/de.tsv")
    viewer = api(tenant_a, token_for(tenant_a, tenant_a.member(Role.VIEWER).email))
    assert viewer.get(API).status_code == 200


def test_merchant_b_gets_nothing_of_a(tenant_a, tenant_b):
    a_token = _token(tenant_a)
    owner_b = tenant_b.owner()
    session_b = tenant_b.client(owner_b)
    assert session_b.get(PAGE).status_code == 404
    assert session_b.post(ROTATE).status_code == 404
    key_b = token_for(tenant_b, owner_b.email)
    assert api(tenant_b, key_b).get(API).status_code == 404
    assert api(tenant_b, key_b).post(f"{API}rotate/").status_code == 404
    # on A's domain B's credentials are worth nothing
    assert api(tenant_a, key_b).get(API).status_code == 401
    assert tenant_a.client().get(PAGE).status_code == 302
    # B's own page and API show B's feed, not A's
    own = session_b.get("/store/BETA/marketplace/feed/").content.decode()
    assert a_token not in own
    assert _token(tenant_b) in own
    assert a_token not in api(tenant_b, key_b).get("/api/v1/store/stores/BETA/marketplace/feed/").content.decode()
    assert _token(tenant_a) == a_token
