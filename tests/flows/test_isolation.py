"""What merchant A owns is invisible and untouchable from merchant B's domain, session and token."""

import pytest
from django.test import Client

from apps.accounts.models import StoreMembership, User
from apps.core.roles import Role

from ..accounts.test_api import token_for

STORE_PAGES = ["/store/{code}/", "/store/{code}/settings/", "/store/{code}/domains/", "/store/{code}/team/"]


@pytest.mark.parametrize("page", STORE_PAGES)
def test_a_session_is_worthless_on_b_domain(tenant_a, tenant_b, page):
    owner_a = tenant_a.owner()
    client = tenant_a.client(owner_a)
    assert client.get(page.format(code="ALPHA")).status_code == 200
    # Same cookie jar, B's domain: B's schema has no such session, so it is anonymous there.
    response = client.get(page.format(code="BETA"), HTTP_HOST=tenant_b.host)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("page", STORE_PAGES)
def test_a_store_pages_are_not_reachable_from_b_domain(tenant_a, tenant_b, page):
    owner_b = tenant_b.owner()
    response = tenant_b.client(owner_b).get(page.format(code="ALPHA"))
    assert response.status_code == 404


def test_a_token_is_worthless_on_b_domain(tenant_a, tenant_b):
    token = token_for(tenant_a, tenant_a.owner().email)
    on_b = Client(HTTP_HOST=tenant_b.host, HTTP_AUTHORIZATION=f"Token {token}")
    assert on_b.get("/api/v1/store/me/").status_code == 401
    assert on_b.get("/api/v1/store/stores/BETA/members/").status_code == 401


def test_b_owner_cannot_reach_a_store_through_b_api(tenant_a, tenant_b):
    token = token_for(tenant_b, tenant_b.owner().email)
    client = Client(HTTP_HOST=tenant_b.host, HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/store/stores/ALPHA/members/")
    assert response.status_code == 404
    # nor through A's domain: the token does not exist in A's schema
    on_a = Client(HTTP_HOST=tenant_a.host, HTTP_AUTHORIZATION=f"Token {token}")
    assert on_a.get("/api/v1/store/stores/ALPHA/members/").status_code == 401


def test_b_cannot_change_a_member_by_id(tenant_a, tenant_b):
    editor_a = tenant_a.member(Role.EDITOR)
    with tenant_a:
        membership_id = StoreMembership.objects.get(user=editor_a).id
    token = token_for(tenant_b, tenant_b.owner().email)
    client = Client(HTTP_HOST=tenant_b.host, HTTP_AUTHORIZATION=f"Token {token}")
    response = client.delete(f"/api/v1/store/stores/BETA/members/{membership_id}/")
    assert response.status_code == 404
    owner_b = tenant_b.owner()
    tenant_b.client(owner_b).post(f"/store/BETA/team/{membership_id}/remove/")
    with tenant_a:
        assert StoreMembership.objects.filter(pk=membership_id).exists()


def test_users_of_a_do_not_exist_in_b(tenant_a, tenant_b):
    tenant_a.customer("only-a@example.lu")
    with tenant_b:
        assert not User.objects.filter(email="only-a@example.lu").exists()
    # and cannot sign in there
    response = Client(HTTP_HOST=tenant_b.host).post(
        "/accounts/login/", {"login": "only-a@example.lu", "password": "Correct-Horse-42"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_same_email_can_be_customer_of_both_merchants(tenant_a, tenant_b):
    a = tenant_a.customer("both@example.lu")
    b = tenant_b.customer("both@example.lu")
    assert a.email == b.email


def test_b_domain_does_not_show_a_domains(tenant_a, tenant_b):
    from apps.tenancy.models import Domain

    Domain.objects.create(domain="secret-a.lu", tenant=tenant_a.merchant, store=tenant_a.store, is_primary=False)
    page = tenant_b.client(tenant_b.owner()).get("/store/BETA/domains/")
    assert page.status_code == 200
    assert b"secret-a.lu" not in page.content
    assert b"alpha" not in page.content.lower()
