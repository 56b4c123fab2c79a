import pytest
from django.test import Client

from apps.tenancy.models import Domain
from apps.tenancy.routing import resolve_host, store_host


def test_platform_domain_serves_public_site(public_client):
    response = public_client.get("/")
    assert response.status_code == 200
    assert b"Open your store" in response.content


def test_store_subdomain_serves_that_store(tenant_a):
    response = tenant_a.client().get("/")
    assert response.status_code == 200
    assert response.wsgi_request.store == tenant_a.store
    assert response.wsgi_request.tenant.schema_name == "m_alpha"


def test_unknown_host_gets_404_page(db):
    response = Client(HTTP_HOST="nobody.example.org").get("/")
    assert response.status_code == 404
    assert b"No store here" in response.content


@pytest.mark.parametrize("host", ["bad host!", "exa mple.com", "a" * 300 + ".com", "[::1", "x..y"])
def test_garbage_host_is_a_client_error(db, host):
    response = Client(HTTP_HOST=host).get("/")
    assert 400 <= response.status_code < 500


def test_missing_host_header_is_not_a_server_error(db):
    response = Client().get("/", HTTP_HOST="")
    assert 400 <= response.status_code < 500


def test_store_domain_beats_merchant_domain_for_canonical_address(tenant_a):
    alpha, alpha2 = tenant_a.stores["ALPHA"], tenant_a.stores["ALPHA2"]
    Domain.objects.create(
        domain="alpha-group.lu", tenant=tenant_a.merchant, store=None, status="active", is_primary=False
    )
    assert store_host(alpha) == "alpha-group.lu"
    Domain.objects.create(domain="alpha.lu", tenant=tenant_a.merchant, store=alpha, status="active", is_primary=False)
    assert store_host(alpha) == "alpha.lu"
    assert store_host(alpha2) == "alpha-group.lu"
    # A domain that is not active yet does not count.
    Domain.objects.create(
        domain="alpha2.lu", tenant=tenant_a.merchant, store=alpha2, status="verified", is_primary=False
    )
    assert store_host(alpha2) == "alpha-group.lu"


def test_merchant_domain_picks_store_from_path_else_first(tenant_a):
    Domain.objects.create(
        domain="alpha-group.lu", tenant=tenant_a.merchant, store=None, status="active", is_primary=False
    )
    client = Client(HTTP_HOST="alpha-group.lu")
    assert client.get("/").wsgi_request.store.code == "ALPHA"
    response = client.get("/store/ALPHA2/login/")
    assert response.status_code == 200
    assert response.wsgi_request.store.code == "ALPHA2"
    assert client.get("/store/BETA/login/").status_code == 404


def test_other_merchants_store_code_is_not_served(tenant_a, tenant_b):
    response = tenant_a.client().get("/store/BETA/")
    assert response.status_code == 404


def test_sibling_store_code_redirects_to_its_own_address(tenant_a):
    response = tenant_a.client().get("/store/ALPHA2/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("http://alpha2.testserver.local")


def test_pending_custom_domain_does_not_route(tenant_a):
    Domain.objects.create(
        domain="pending.lu", tenant=tenant_a.merchant, store=tenant_a.store, status="pending", is_primary=False
    )
    assert Client(HTTP_HOST="pending.lu").get("/").status_code == 404


def test_host_lookup_is_cached_and_invalidated(tenant_a, queries):
    host = tenant_a.host
    assert resolve_host(host) is not None
    with queries.exactly(0):
        assert resolve_host(host).store.code == "ALPHA"
    tenant_a.store.is_active = False
    tenant_a.store.save()
    assert resolve_host(host) is None


def test_www_prefix_is_served_as_the_domain(tenant_a):
    response = Client(HTTP_HOST=f"www.{tenant_a.host}").get("/")
    assert response.status_code == 200
    assert response.wsgi_request.store == tenant_a.store


def test_tls_ask_answers_only_for_served_hosts(tenant_a, public_client):
    assert public_client.get("/internal/tls-ask/", {"domain": tenant_a.host}).status_code == 200
    assert public_client.get("/internal/tls-ask/", {"domain": "testserver.local"}).status_code == 200
    assert public_client.get("/internal/tls-ask/", {"domain": "evil.example"}).status_code == 404
    assert public_client.get("/internal/tls-ask/").status_code == 404
    Domain.objects.create(
        domain="soon.lu", tenant=tenant_a.merchant, store=tenant_a.store, status="pending", is_primary=False
    )
    assert public_client.get("/internal/tls-ask/", {"domain": "soon.lu"}).status_code == 404


def test_each_request_gets_its_own_copy_of_the_cached_store(tenant_a):
    first = resolve_host(tenant_a.host)
    first.store.name = "changed by a form"
    second = resolve_host(tenant_a.host)
    assert second.store.name == tenant_a.store.name
    assert second.store.merchant is second.merchant
