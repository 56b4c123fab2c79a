"""Query counts of hot pages and API calls, pinned so they cannot creep. The host lookup is cached,
so a warm request pays only for what the page itself needs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.roles import Role

from ..accounts.test_api import token_for


def count(client, path, **extra):
    client.get(path, **extra)  # warm the host cache and the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_storefront_home_anonymous(tenant_a):
    n, sql = count(tenant_a.client(), "/")
    assert n == 0, sql


def test_platform_home(public_client):
    n, sql = count(public_client, "/")
    assert n == 0, sql


def test_storefront_home_signed_in(tenant_a):
    n, sql = count(tenant_a.client(tenant_a.customer()), "/")
    assert n == 3, sql  # search_path, session, user


def test_dashboard(tenant_a):
    n, sql = count(tenant_a.client(tenant_a.member(Role.MANAGER)), "/store/ALPHA/")
    # search_path, session, user, membership, 4 checklist queries (store, team, catalog), team size
    assert n == 9, sql


def test_team_page_stays_flat_as_team_grows(tenant_a):
    owner = tenant_a.owner()
    client = tenant_a.client(owner)
    n_small, _ = count(client, "/store/ALPHA/team/")
    for i in range(10):
        tenant_a.member(Role.EDITOR, email=f"e{i}@alpha.test")
    n_big, sql = count(client, "/store/ALPHA/team/")
    assert n_small == n_big, sql


def test_api_me(tenant_a):
    token = token_for(tenant_a, tenant_a.owner().email)
    n, sql = count(tenant_a.client(), "/api/v1/store/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert n == 4, sql  # search_path, token, memberships, stores


def test_api_members_stays_flat(tenant_a):
    token = token_for(tenant_a, tenant_a.owner().email)
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    n_small, _ = count(tenant_a.client(), "/api/v1/store/stores/ALPHA/members/", **auth)
    for i in range(10):
        tenant_a.member(Role.VIEWER, email=f"v{i}@alpha.test")
    n_big, sql = count(tenant_a.client(), "/api/v1/store/stores/ALPHA/members/", **auth)
    assert n_small == n_big == 6, sql  # search_path, token, store, role, count, page
