"""The curation pages and API: the browse page (empty state, filters kept, pinned queries), the
product page's customisation, publish and unpublish, bulk actions, permissions and isolation."""

from decimal import Decimal

from apps.catalog.models import Product
from apps.core.roles import Role
from apps.marketplace.models import CategoryMapping, StagingProduct

from ..catalog.store_api import JSON, client_for, make_category
from .factories import staging_product

PAGES = "/store/ALPHA/marketplace"
API = "/api/v1/store/stores/ALPHA/marketplace"


def test_empty_state_and_browse_page(tenant_a, queries):
    client = tenant_a.client(tenant_a.owner())
    empty = client.get(f"{PAGES}/")
    assert empty.status_code == 200 and "No products yet: import your Letzshop feed" in empty.content.decode()
    with tenant_a:
        for n in range(3):
            staging_product(tenant_a.store, title=f"Teapot {n}", brand="Nordic")
    page = client.get(f"{PAGES}/products/", {"q": "teapot", "brand": "Nordic"})
    html = page.content.decode()
    assert page.status_code == 200 and "Teapot 2" in html and 'value="Nordic"' in html
    few = queries.of_get(client, f"{PAGES}/products/?q=teapot").count
    with tenant_a:
        for n in range(10):
            staging_product(tenant_a.store, title=f"Teapot x{n}")
    assert queries.of_get(client, f"{PAGES}/products/?q=teapot").count == few  # constant in the rows shown


def test_customise_and_publish_from_the_product_page(tenant_a):
    owner = tenant_a.owner()
    client = tenant_a.client(owner)
    with tenant_a:
        row = staging_product(tenant_a.store, title="Teapot")
    url = f"{PAGES}/products/{row.pk}/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"rule_kind": "percent", "rule_value": "-150"})
    assert bad.status_code == 200 and "markdown" in bad.content.decode()
    saved = client.post(
        url, {"rule_kind": "percent", "rule_value": "10", "rule_rounding": "0.90", "title_fr": "Théière"}
    )
    assert saved.status_code == 302
    assert client.post(f"{url}publish/").status_code == 302
    with tenant_a:
        product = Product.objects.get()
        assert product.title_fr == "Théière" and product.price == Decimal("11.90")
    assert f"/store/ALPHA/catalog/products/{product.pk}/" in client.get(url).content.decode()
    client.post(f"{url}publish/", {"unpublish": "1"})
    with tenant_a:
        assert Product.objects.get().status == "archived"


def test_bulk_actions_by_ticks_and_by_filter(tenant_a):
    client = tenant_a.client(tenant_a.owner())
    category = make_category(tenant_a, "Tea")
    with tenant_a:
        a = staging_product(tenant_a.store, brand="Nordic")
        staging_product(tenant_a.store, brand="Nordic")
        staging_product(tenant_a.store, brand="Acme")
    bulk = f"{PAGES}/products/bulk/"
    client.post(bulk, {"action": "select", "scope": "all", "brand": "Nordic"})
    client.post(bulk, {"action": "categories", "scope": "selected", "ids": [a.pk], "category_ids": [category.pk]})
    client.post(bulk, {"action": "price_rule", "scope": "all", "rule_kind": "fixed", "rule_value": "1,50"})
    client.post(bulk, {"action": "publish", "scope": "all", "selected": "yes"})
    with tenant_a:
        assert StagingProduct.objects.filter(is_selected=True).count() == 2
        assert StagingProduct.objects.get(pk=a.pk).customisation["category_ids"] == [category.pk]
        assert Product.objects.count() == 2 and {p.price for p in Product.objects.all()} == {Decimal("11.50")}
    response = client.post(f"{PAGES}/categories/", {"feed_category": "Home > Kitchen", "category_id": str(category.pk)})
    assert response.status_code == 302
    with tenant_a:
        assert CategoryMapping.objects.get().category_id == category.pk


def test_viewers_cannot_publish(tenant_a):
    viewer = tenant_a.member(Role.VIEWER)
    with tenant_a:
        row = staging_product(tenant_a.store)
    client = tenant_a.client(viewer)
    assert client.get(f"{PAGES}/products/{row.pk}/").status_code == 200
    assert client.post(f"{PAGES}/products/{row.pk}/publish/").status_code == 403
    assert client.post(f"{PAGES}/products/bulk/", {"action": "publish", "scope": "all"}).status_code == 403
    api = client_for(tenant_a, Role.VIEWER)
    assert api.post(f"{API}/products/publish/", {"ids": [row.pk]}, content_type=JSON).status_code == 403
    with tenant_a:
        assert not Product.objects.exists()


def test_another_merchants_staging_product_is_a_404(tenant_a, tenant_b):
    with tenant_b:
        other = staging_product(tenant_b.store, title="Beta only")
    client = tenant_a.client(tenant_a.owner())
    assert client.get(f"{PAGES}/products/{other.pk}/").status_code == 404
    assert client.post(f"{PAGES}/products/{other.pk}/publish/").status_code in (302, 404)
    api = client_for(tenant_a)
    assert api.get(f"{API}/products/{other.pk}/").status_code == 404
    assert api.patch(f"{API}/products/{other.pk}/", {"stock": 1}, content_type=JSON).status_code == 404
    assert api.post(f"{API}/products/{other.pk}/unpublish/").status_code == 404
    assert api.get(f"{API}/products/").json()["count"] == 0


def test_api_browse_customise_select_publish(tenant_a):
    api = client_for(tenant_a)
    with tenant_a:
        rows = [staging_product(tenant_a.store, brand="Nordic", price="20") for _ in range(3)]
    listed = api.get(f"{API}/products/", {"brand": "Nordic", "price_max": "30"})
    assert listed.status_code == 200 and listed.json()["count"] == 3
    patched = api.patch(
        f"{API}/products/{rows[0].pk}/",
        {"price_rule": {"kind": "percent", "value": "50", "rounding": "0.99"}},
        content_type=JSON,
    )
    assert patched.status_code == 200 and patched.json()["publish_price"] == "30.99"
    bad = api.patch(f"{API}/products/{rows[0].pk}/", {"vat_rate": "21"}, content_type=JSON)
    assert (
        bad.status_code == 400 and bad.json()["code"] == "customisation_invalid" and "vat_rate" in bad.json()["fields"]
    )
    selected = api.post(f"{API}/products/select/", {"filter": {"brand": "Nordic"}}, content_type=JSON)
    assert selected.json() == {"changed": 3}
    published = api.post(f"{API}/products/publish/", {"filter": {"selected": "yes"}}, content_type=JSON)
    assert published.status_code == 200 and len(published.json()["published"]) == 3
    again = api.post(f"{API}/products/publish/", {"ids": [rows[0].pk]}, content_type=JSON)
    assert again.json()["product_ids"] == [published.json()["product_ids"][0]] or again.json()["product_ids"]
    with tenant_a:
        assert Product.objects.count() == 3
    assert api.post(f"{API}/products/{rows[0].pk}/unpublish/").status_code == 200
    assert api.post(f"{API}/products/{rows[0].pk}/unpublish/").json()["code"] == "not_published"
    empty = api.post(f"{API}/products/publish/", {}, content_type=JSON)
    assert empty.status_code == 400 and empty.json()["code"] == "selection_empty"


def test_api_publishes_many_in_a_job(tenant_a, django_capture_on_commit_callbacks):
    api = client_for(tenant_a)
    with tenant_a:
        for _ in range(25):
            staging_product(tenant_a.store)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{API}/products/publish/", {"filter": {}}, content_type=JSON)
    assert response.status_code == 202
    with tenant_a:
        assert Product.objects.count() == 25  # tasks run eagerly in the tests
        assert StagingProduct.objects.filter(product_id__isnull=True).count() == 0
