from dataclasses import replace

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from apps.core.modules import JobKind, Module, Surface, UrlMount, registry
from apps.core.roles import Role
from apps.tenancy.services import module_set_enabled


def test_registry_collects_declared_modules():
    codes = [m.code for m in registry.all()]
    assert codes[:2] == ["store", "team"]
    assert "labs" in codes
    assert not registry.get("store").switchable


def test_an_app_may_declare_several_modules():
    accounts = apps.get_app_config("accounts")
    assert [m.code for m in accounts.platform_modules] == ["store", "team"]
    assert registry.get("store") is accounts.platform_modules[0]
    assert registry.get("team") is accounts.platform_modules[1]


def test_disabled_module_page_and_api_answer_403_with_explanation(tenant_a, platform_admin):
    manager = tenant_a.member(Role.MANAGER)
    client = tenant_a.client(manager)
    assert client.get("/store/ALPHA/labs/").status_code == 200
    assert client.get("/store/ALPHA/").content.count(b"/store/ALPHA/labs/") == 1  # in the navigation

    module_set_enabled(actor=platform_admin, merchant=tenant_a.merchant, code="labs", enabled=False)

    page = client.get("/store/ALPHA/labs/")
    assert page.status_code == 403
    assert b"Labs module is not enabled" in page.content
    assert b"/store/ALPHA/labs/" not in client.get("/store/ALPHA/").content
    api = client.get("/api/v1/store/stores/ALPHA/labs/")
    assert api.status_code == 403
    assert api.json()["code"] == "module_disabled"


def test_store_and_team_cannot_be_switched_off(tenant_a):
    enabled = registry.enabled_codes(["store", "team", "labs"])
    assert {"store", "team"} <= enabled and "labs" not in enabled


def test_dependencies_follow(settings):
    # a module depending on a switched-off one is off too
    labs = registry.get("labs")
    registry._modules["labs2"] = replace(labs, code="labs2", dependencies=("labs",), permissions={}, jobs={})
    try:
        assert "labs2" not in registry.enabled_codes(["labs"])
        assert "labs2" in registry.enabled_codes([])
    finally:
        del registry._modules["labs2"]


def test_admin_toggles_modules_per_merchant(tenant_a, platform_admin):
    client = Client(HTTP_HOST="testserver.local")
    client.force_login(platform_admin)
    url = f"/admin/tenancy/merchant/{tenant_a.merchant.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="modules"' in page.content
    response = client.post(
        url,
        {
            "name": tenant_a.merchant.name,
            "contact_email": "",
            "vat_number": "",
            "is_active": "on",
            "modules": ["catalog", "orders", "loyalty", "marketplace"],
            "stores-TOTAL_FORMS": "0",
            "stores-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    tenant_a.merchant.refresh_from_db()
    assert tenant_a.merchant.disabled_modules == ["labs"]


def test_module_urls_are_mounted_from_declarations():
    # the labs module of the test app plugs its page and API in by its declaration alone
    assert reverse("store:labs", kwargs={"code": "ALPHA"}) == "/store/ALPHA/labs/"
    assert reverse("api-labs", kwargs={"code": "ALPHA"}) == "/api/v1/store/stores/ALPHA/labs/"
    # a store-page mount's namespace nests in "store"; a storefront mount's replaces "storefront"
    assert reverse("store:catalog:products", kwargs={"code": "ALPHA"}) == "/store/ALPHA/catalog/"
    assert reverse("storefront:home") == "/"
    assert reverse("shop:search") == "/search/"
    assert reverse("public:signup", urlconf="config.urls_public") == "/signup/"


def test_a_namespace_is_one_group_where_its_first_module_puts_it():
    patterns = registry.urlpatterns(Surface.STOREFRONT)
    assert [p.namespace for p in patterns] == ["storefront", "shop"]
    assert [str(p.pattern) for p in registry.urlpatterns(Surface.STORE)] == [""]


def test_mount_declarations_are_checked():
    with pytest.raises(ValueError, match="prefix"):
        UrlMount("apps.catalog.urls_store", prefix="catalog")
    with pytest.raises(ValueError, match="must start with 'labs'"):
        Module(code="labs", name="Labs", jobs={"other.echo": JobKind(handler="x.y", validator="x.z")})
    # the module, not its URL module, decides the namespace
    mismatched = replace(registry.get("catalog"), storefront_urls=(UrlMount("apps.catalog.urls_storefront"),))
    registry._modules["catalog"], original = mismatched, registry._modules["catalog"]
    try:
        with pytest.raises(ImproperlyConfigured, match="app_name 'shop'"):
            registry.urlpatterns(Surface.STOREFRONT)
    finally:
        registry._modules["catalog"] = original
