"""The Letzshop settings page and the connection API: the key is write-only everywhere, the test
saves nothing, errors carry codes, and only the owner changes the connection."""

from apps.core.roles import Role as Roles
from apps.marketplace.services import connection as connection_services
from tools.letzshop_sandbox import DEMO_API_KEY

from ..catalog.store_api import JSON, client_for
from .letzshop_orders import connect

PAGE = "/store/ALPHA/marketplace/settings/"
API = "/api/v1/store/stores/ALPHA/marketplace/connection/"


def test_the_page_saves_a_key_and_shows_only_its_hint(tenant_a, letzshop):
    client = tenant_a.client(tenant_a.owner())
    assert client.get(PAGE).status_code == 200
    form = {"api_key": DEMO_API_KEY, "default_carrier": "post_lu", "auto_sync": "on", "gone_policy": "flag"}
    response = client.post(PAGE, form)
    assert response.status_code == 302
    page = client.get(PAGE).content.decode()
    assert DEMO_API_KEY not in page
    assert f"…{DEMO_API_KEY[-4:]}" in page
    with tenant_a:
        connection = connection_services.connection_get(store=tenant_a.store)
        assert (connection.default_carrier, connection.auto_sync, connection.follow_feed_price) == (
            "post_lu",
            True,
            False,
        )


def test_the_page_shows_a_refused_key_next_to_the_field(tenant_a, letzshop):
    response = tenant_a.client(tenant_a.owner()).post(PAGE, {"api_key": "wrong-key", "gone_policy": "flag"})
    assert response.status_code == 400
    assert "Letzshop refused the API key" in response.content.decode()
    with tenant_a:
        assert not connection_services.connection_get(store=tenant_a.store).has_key


def test_the_test_button_answers_a_fragment_and_saves_nothing(tenant_a, letzshop):
    client = tenant_a.client(tenant_a.owner())
    ok = client.post(PAGE + "test/", {"api_key": DEMO_API_KEY}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200
    assert "Sandbox Vendor" in ok.content.decode()
    assert "<html" not in ok.content.decode()
    refused = client.post(PAGE + "test/", {"api_key": "wrong"}, HTTP_HX_REQUEST="true")
    assert "Letzshop refused the API key" in refused.content.decode()
    plain = client.post(PAGE + "test/", {"api_key": DEMO_API_KEY})  # without JavaScript: the whole page
    assert plain.status_code == 200 and "Sandbox Vendor" in plain.content.decode()
    with tenant_a:
        assert not connection_services.connection_get(store=tenant_a.store).has_key


def test_health_and_last_error_are_shown(tenant_a, letzshop):
    connect(tenant_a)
    with tenant_a:
        connection_services.connection_sync_recorded(store=tenant_a.store, ok=False, error="Letzshop is not answering")
    page = tenant_a.client(tenant_a.owner()).get(PAGE).content.decode()
    assert "Failing" in page and "Letzshop is not answering" in page


def test_a_viewer_sees_the_page_but_cannot_change_it(tenant_a, letzshop):
    viewer = tenant_a.member(Roles.VIEWER)
    client = tenant_a.client(viewer)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Only the store&#x27;s owner" in page.content.decode() or "Only the store's owner" in page.content.decode()
    assert client.post(PAGE, {"api_key": DEMO_API_KEY, "gone_policy": "flag"}).status_code == 403
    assert client.post(PAGE + "test/", {"api_key": DEMO_API_KEY}).status_code == 403
    assert client.post(PAGE + "disconnect/").status_code == 403


def test_disconnect_from_the_page(tenant_a, letzshop):
    connect(tenant_a)
    response = tenant_a.client(tenant_a.owner()).post(PAGE + "disconnect/")
    assert response.status_code == 302
    with tenant_a:
        assert not connection_services.connection_get(store=tenant_a.store).has_key


def test_the_api_never_returns_the_key(tenant_a, letzshop):
    client = client_for(tenant_a)
    response = client.put(API, {"api_key": DEMO_API_KEY, "default_carrier": "dhl"}, content_type=JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["has_key"] is True and body["api_key_hint"] == DEMO_API_KEY[-4:]
    assert body["default_carrier"] == "dhl"
    assert DEMO_API_KEY not in response.content.decode()
    got = client.get(API)
    assert got.status_code == 200 and DEMO_API_KEY not in got.content.decode()
    assert got.json()["last_sync_health"] == "unknown"


def test_the_api_test_and_error_codes(tenant_a, letzshop):
    client = client_for(tenant_a)
    ok = client.post(API + "test/", {"api_key": DEMO_API_KEY}, content_type=JSON)
    assert ok.status_code == 200
    assert ok.json() == {
        "ok": True,
        "vendor": {"id": ok.json()["vendor"]["id"], "name": "Sandbox Vendor", "email": "vendor@sandbox.letzshop.lu"},
    }
    wrong = client.post(API + "test/", {"api_key": "wrong"}, content_type=JSON)
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "letzshop_auth_failed" and wrong.json()["message"]
    bad = client.put(API, {"default_carrier": "pigeon"}, content_type=JSON)
    assert bad.status_code == 400 and "default_carrier" in bad.json()["fields"]
    with tenant_a:
        assert not connection_services.connection_get(store=tenant_a.store).has_key


def test_the_api_disconnects(tenant_a, letzshop):
    connect(tenant_a)
    client = client_for(tenant_a)
    assert client.delete(API).status_code == 204
    assert client.get(API).json()["has_key"] is False


def test_a_viewer_reads_but_cannot_change_the_connection_through_the_api(tenant_a, letzshop):
    client = client_for(tenant_a, role=Roles.VIEWER)
    assert client.get(API).status_code == 200
    assert client.put(API, {"auto_sync": False}, content_type=JSON).status_code == 403
    assert client.post(API + "test/", {"api_key": DEMO_API_KEY}, content_type=JSON).status_code == 403
    assert client.delete(API).status_code == 403


def test_another_merchants_store_code_is_refused(tenant_a, tenant_b, letzshop):
    response = client_for(tenant_a).get("/api/v1/store/stores/BETA/marketplace/connection/")
    assert response.status_code in (403, 404)
