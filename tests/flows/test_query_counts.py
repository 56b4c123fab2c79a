"""Query counts of hot pages and API calls, pinned so they cannot creep. The host lookup is cached,
so a warm request pays only for what the page itself needs."""

from apps.core.roles import Role

from ..accounts.test_api import token_for


def test_storefront_home_anonymous(tenant_a, queries):
    got = queries.of_get(tenant_a.client(), "/")
    assert got.count == 0, got.sql


def test_platform_home(public_client, queries):
    got = queries.of_get(public_client, "/")
    assert got.count == 0, got.sql


def test_storefront_home_signed_in(tenant_a, queries):
    got = queries.of_get(tenant_a.client(tenant_a.customer()), "/")
    assert got.count == 3, got.sql  # search_path, session, user


def test_dashboard(tenant_a, queries):
    got = queries.of_get(tenant_a.client(tenant_a.member(Role.MANAGER)), "/store/ALPHA/")
    # search_path, session, user, membership, 7 checklist queries (store, team, catalog, orders'
    # shipping and payments, the Letzshop connection), team size, 2 for the orders widget (the
    # figures, the 30-day chart)
    assert got.count == 14, got.sql


def test_team_page_stays_flat_as_team_grows(tenant_a, queries):
    owner = tenant_a.owner()
    client = tenant_a.client(owner)
    small = queries.of_get(client, "/store/ALPHA/team/")
    for i in range(10):
        tenant_a.member(Role.EDITOR, email=f"e{i}@alpha.test")
    big = queries.of_get(client, "/store/ALPHA/team/")
    assert small.count == big.count, big.sql


def test_api_me(tenant_a, queries):
    token = token_for(tenant_a, tenant_a.owner().email)
    got = queries.of_get(tenant_a.client(), "/api/v1/store/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert got.count == 4, got.sql  # search_path, token, memberships, stores


def test_api_members_stays_flat(tenant_a, queries):
    token = token_for(tenant_a, tenant_a.owner().email)
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    small = queries.of_get(tenant_a.client(), "/api/v1/store/stores/ALPHA/members/", **auth)
    for i in range(10):
        tenant_a.member(Role.VIEWER, email=f"v{i}@alpha.test")
    big = queries.of_get(tenant_a.client(), "/api/v1/store/stores/ALPHA/members/", **auth)
    assert small.count == big.count == 6, big.sql  # search_path, token, store, role, count, page
