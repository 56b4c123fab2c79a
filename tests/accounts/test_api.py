import pytest
from django.test import Client

from apps.accounts.models import ApiToken
from apps.core.roles import Role

from ..conftest import PASSWORD


def token_for(tenant, email, password=PASSWORD):
    response = tenant.client().post(
        "/api/v1/auth/token/", {"email": email, "password": password}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


def api(tenant, token=None, host=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return Client(HTTP_HOST=host or tenant.host, **headers)


def test_token_login_and_me(tenant_a):
    manager = tenant_a.member(Role.MANAGER)
    token = token_for(tenant_a, manager.email)
    response = api(tenant_a, token).get("/api/v1/store/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["email"] == manager.email
    assert [m["code"] for m in body["memberships"]] == ["ALPHA"]
    assert body["memberships"][0]["role"] == "manager"
    assert "team.manage" in body["memberships"][0]["permissions"]
    assert body["memberships"][0]["url"] == "http://alpha.testserver.local/"


def test_stores_i_may_use(tenant_a):
    owner = tenant_a.owner()
    token = token_for(tenant_a, owner.email)
    codes = [s["code"] for s in api(tenant_a, token).get("/api/v1/store/stores/").json()]
    assert codes == ["ALPHA", "ALPHA2"]


def test_wrong_password_is_a_clear_400(tenant_a):
    response = tenant_a.client().post(
        "/api/v1/auth/token/", {"email": "owner@alpha.test", "password": "nope"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_credentials",
        "message": "E-mail address or password is wrong.",
        "fields": {},
    }


def test_validation_errors_have_the_one_format(tenant_a):
    response = tenant_a.client().post("/api/v1/auth/token/", {"email": "not-an-email"}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"email", "password"}
    assert isinstance(body["message"], str)


def test_malformed_json_is_400_not_500(tenant_a):
    response = tenant_a.client().post("/api/v1/auth/token/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] in ("parse_error", "invalid")


def test_unauthenticated_gets_401_in_error_format(tenant_a):
    response = api(tenant_a).get("/api/v1/store/me/")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_bad_token_is_401(tenant_a):
    response = api(tenant_a, "garbage").get("/api/v1/store/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_token_revocation(tenant_a):
    token = token_for(tenant_a, tenant_a.owner().email)
    client = api(tenant_a, token)
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/store/me/").status_code == 401


def test_token_is_stored_hashed(tenant_a):
    token = token_for(tenant_a, tenant_a.owner().email)
    with tenant_a:
        stored = ApiToken.objects.get()
    assert token not in (stored.key_hash, stored.prefix) and stored.key_hash != token


def test_members_list_invite_role_change_remove(tenant_a, django_capture_on_commit_callbacks):
    owner = tenant_a.owner()
    editor = tenant_a.member(Role.EDITOR)
    client = api(tenant_a, token_for(tenant_a, owner.email))
    listing = client.get("/api/v1/store/stores/ALPHA/members/")
    assert listing.status_code == 200
    body = listing.json()
    assert body["count"] == 2 and {"next", "previous", "results"} <= set(body)
    editor_row = next(r for r in body["results"] if r["user"]["email"] == editor.email)

    with django_capture_on_commit_callbacks(execute=True):
        invited = client.post(
            "/api/v1/store/stores/ALPHA/members/",
            {"email": "pos@alpha.test", "role": "cashier"},
            content_type="application/json",
        )
    assert invited.status_code == 201, invited.content
    assert invited.json()["status"] == "pending"

    changed = client.patch(
        f"/api/v1/store/stores/ALPHA/members/{editor_row['id']}/", {"role": "viewer"}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["role"] == "viewer"
    bad_role = client.patch(
        f"/api/v1/store/stores/ALPHA/members/{editor_row['id']}/", {"role": "emperor"}, content_type="application/json"
    )
    assert bad_role.status_code == 400 and "role" in bad_role.json()["fields"]
    assert client.delete(f"/api/v1/store/stores/ALPHA/members/{editor_row['id']}/").status_code == 204
    assert client.get(f"/api/v1/store/stores/ALPHA/members/{editor_row['id']}/").status_code == 404


def test_viewer_cannot_invite_owner_through_api(tenant_a):
    viewer = tenant_a.member(Role.VIEWER)
    client = api(tenant_a, token_for(tenant_a, viewer.email))
    response = client.post(
        "/api/v1/store/stores/ALPHA/members/", {"email": "boss@x.lu", "role": "owner"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_manager_cannot_grant_owner_through_api(tenant_a):
    manager = tenant_a.member(Role.MANAGER)
    client = api(tenant_a, token_for(tenant_a, manager.email))
    response = client.post(
        "/api/v1/store/stores/ALPHA/members/", {"email": "boss@x.lu", "role": "owner"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "role_too_high"
    assert response.json()["fields"] == {"role": ["You cannot grant a role with more rights than your own."]}


def test_page_past_the_end_is_404(tenant_a):
    client = api(tenant_a, token_for(tenant_a, tenant_a.owner().email))
    response = client.get("/api/v1/store/stores/ALPHA/members/?page=99")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unknown_store_code_is_404(tenant_a):
    client = api(tenant_a, token_for(tenant_a, tenant_a.owner().email))
    assert client.get("/api/v1/store/stores/NOPE/members/").json()["code"] == "not_found"


def test_storefront_me_for_customer(tenant_a):
    customer = tenant_a.customer()
    client = api(tenant_a, token_for(tenant_a, customer.email))
    assert client.get("/api/v1/storefront/me/").json()["email"] == customer.email
    updated = client.patch(
        "/api/v1/storefront/me/", {"full_name": "Cus Tomer", "language": "lb"}, content_type="application/json"
    )
    assert updated.status_code == 200 and updated.json()["full_name"] == "Cus Tomer"
    bad = client.patch("/api/v1/storefront/me/", {"language": "xx"}, content_type="application/json")
    assert bad.status_code == 400 and "language" in bad.json()["fields"]
    # a customer holds no store role
    assert client.get("/api/v1/store/stores/ALPHA/members/").status_code == 403


def test_token_endpoint_is_throttled(tenant_a):
    client = tenant_a.client()
    codes = [
        client.post(
            "/api/v1/auth/token/", {"email": "x@y.lu", "password": "x"}, content_type="application/json"
        ).status_code
        for _ in range(7)
    ]
    assert codes[-1] == 429
    assert codes[0] == 400


def test_openapi_schema_and_docs(tenant_a, public_client):
    schema = tenant_a.client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in [
        "/api/v1/auth/token/",
        "/api/v1/store/me/",
        "/api/v1/store/stores/",
        "/api/v1/store/stores/{code}/members/",
        "/api/v1/storefront/me/",
    ]:
        assert path in paths
    docs = tenant_a.client().get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()
    assert public_client.get("/api/docs/").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/store/me/", "/api/v1/auth/token/"])
def test_api_on_platform_domain_is_404(public_client, path):
    assert public_client.get(path).status_code == 404
