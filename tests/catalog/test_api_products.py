"""The catalog API's products: create, read, update and delete, input errors in the one format,
filters, search, the till's lookup, the documented schema and a pinned query count."""

from __future__ import annotations

import pytest

from apps.catalog import services
from apps.catalog.models import Product
from apps.core.roles import Role

from .store_api import JSON, A, client_for, make_category, make_product

# --- Products -------------------------------------------------------------------------------------


def test_product_create_read_update_delete(tenant_a):
    # given a category and the owner's token
    shirts = make_category(tenant_a, "Shirts")
    client = client_for(tenant_a)

    # when a product is created with texts in two languages
    created = client.post(
        f"{A}/products/",
        {
            "sku": "TS-001",
            "title": {"en": "T-shirt", "fr": "T-shirt FR"},
            "description": {"en": "Cotton"},
            "price": "19.90",
            "compare_at_price": "25",
            "vat_rate": "17",
            "status": "active",
            "categories": [shirts.pk],
            "stock": 5,
        },
        content_type=JSON,
    )

    # then it comes back whole, money as strings with two decimals
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["title"] == {"en": "T-shirt", "fr": "T-shirt FR", "de": "", "lb": ""}
    assert body["description"]["en"] == "Cotton"
    assert (body["price"], body["compare_at_price"], body["cost_price"]) == ("19.90", "25.00", None)
    assert body["vat_rate"] == "17.00"
    assert body["slug"] == "t-shirt"
    assert body["categories"] == [shirts.pk]
    assert body["stock"] == 5 and body["available"] == 5
    assert [v["sku"] for v in body["variants"]] == ["TS-001"]
    assert body["variants"][0]["effective_price"] == "19.90"
    assert body["variants"][0]["stock"]["quantity"] == 5
    assert body["published_at"] is not None
    url = f"{A}/products/{body['id']}/"
    assert client.get(url).json() == body

    # when only the French title and the price change
    changed = client.patch(url, {"title": {"fr": "Tee"}, "price": "12.5", "categories": []}, content_type=JSON)

    # then the other languages stay
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == {"en": "T-shirt", "fr": "Tee", "de": "", "lb": ""}
    assert changed.json()["price"] == "12.50"
    assert changed.json()["categories"] == []

    # when it is deleted, it is gone
    assert client.delete(url).status_code == 204
    gone = client.get(url)
    assert gone.status_code == 404
    assert gone.json() == {"code": "not_found", "message": "No such product in this store.", "fields": {}}


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"price": "-1"}, "price_invalid", "price"),
        ({"price": "1.999"}, "price_invalid", "price"),
        ({"price": "abc"}, "price_invalid", "price"),
        ({"price": "NaN"}, "price_invalid", "price"),
        ({"price": "1e300"}, "price_invalid", "price"),
        ({"price": 1e300}, "price_invalid", "price"),
        ({"price": {"amount": 1}}, "invalid", "price"),
        ({"cost_price": "-0.01"}, "price_invalid", "cost_price"),
        ({"title": {"en": ""}}, "invalid", "title.en"),
        ({"title": {"xx": "Hello"}}, "invalid", "title.xx"),
        ({"title": "plain"}, "invalid", "title"),
        ({"title": {"en": "x" * 201}}, "invalid", "title.en"),
        ({"vat_rate": "20"}, "invalid", "vat_rate"),
        ({"status": "bogus"}, "invalid", "status"),
        ({"sku": ""}, "invalid", "sku"),
        ({"categories": [999999]}, "invalid", "categories"),
        ({"weight_grams": -5}, "invalid", "weight_grams"),
        ({"stock": -1}, "invalid", "stock"),
    ],
)
def test_product_input_errors_are_400_in_the_one_format(tenant_a, payload, code, field):
    client = client_for(tenant_a)
    response = client.post(
        f"{A}/products/", {"sku": "X-1", "title": {"en": "X"}, "price": "1.00", **payload}, content_type=JSON
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert field in body["fields"], body
    with tenant_a:
        assert not Product.objects.exists()


def test_duplicate_sku_is_409_sku_taken(tenant_a):
    make_product(tenant_a, "DUP-1")
    other = make_product(tenant_a, "OTHER-1")
    client = client_for(tenant_a)
    response = client.post(
        f"{A}/products/", {"sku": "dup-1", "title": {"en": "Again"}, "price": "1"}, content_type=JSON
    )
    assert response.status_code == 409
    assert response.json()["code"] == "sku_taken"
    assert "sku" in response.json()["fields"]
    renamed = client.patch(f"{A}/products/{other.pk}/", {"sku": "DUP-1"}, content_type=JSON)
    assert renamed.status_code == 409 and renamed.json()["code"] == "sku_taken"


def test_malformed_json_is_400(tenant_a):
    response = client_for(tenant_a).post(f"{A}/products/", "{nope", content_type=JSON)
    assert response.status_code == 400


def test_product_list_filters_and_ordering(tenant_a):
    # given products that differ in every filtered way
    shoes = make_category(tenant_a, "Shoes")
    runner = make_product(
        tenant_a, "RUN-1", title="Runner", price="80.00", stock=3, brand="Acme", categories=[shoes.pk]
    )
    draft = make_product(tenant_a, "DRAFT-1", title="Sandal", price="20.00", status="draft", brand="Beta")
    archived = make_product(tenant_a, "ARCH-1", title="Boot", price="120.00", status="archived", gtin="4006381333931")
    with tenant_a:
        services.variant_create(
            store=tenant_a.store, product=draft, actor=None, sku="DRAFT-1-XL", barcode="5901234123457", stock=0
        )
    client = client_for(tenant_a)

    def ids(query):
        response = client.get(f"{A}/products/{query}")
        assert response.status_code == 200, (query, response.content)
        return [p["id"] for p in response.json()["results"]]

    # then each filter narrows the list
    assert ids("") == [archived.pk, draft.pk, runner.pk]  # newest first
    assert ids("?status=draft") == [draft.pk]
    assert ids(f"?category={shoes.pk}") == [runner.pk]
    assert ids("?brand=Acme") == [runner.pk]
    assert ids("?sku=draft-1-xl") == [draft.pk]
    assert ids("?sku=run-1") == [runner.pk]
    assert ids("?barcode=5901234123457") == [draft.pk]
    assert ids("?barcode=4006381333931") == [archived.pk]
    assert ids("?in_stock=true") == [runner.pk]
    assert ids("?in_stock=false") == [archived.pk, draft.pk]
    assert ids("?price_min=50&price_max=100") == [runner.pk]
    assert ids("?ordering=price_asc") == [draft.pk, runner.pk, archived.pk]
    assert ids("?ordering=title") == [archived.pk, runner.pk, draft.pk]
    assert ids("?q=runer") == [runner.pk]  # a typo still finds it
    assert ids("?q=RUN-1") == [runner.pk]
    assert ids("?q=5901234123457") == [draft.pk]
    assert ids(f"?category={2**70}") == []
    listing = client.get(f"{A}/products/").json()
    assert listing["count"] == 3 and {"next", "previous", "results"} <= set(listing)


@pytest.mark.parametrize(
    "query",
    ["status=bogus", "category=abc", "price_min=x", "in_stock=maybe", "ordering=random", "price_max=-1"],
)
def test_unknown_filter_values_are_400_naming_the_parameter(tenant_a, query):
    response = client_for(tenant_a).get(f"{A}/products/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert query.split("=")[0] in response.json()["fields"]


def test_search_text_with_operators_does_not_fail(tenant_a):
    make_product(tenant_a, "OP-1", title="Plain")
    client = client_for(tenant_a)
    for text in ["'&|!:*()", "a & b | !c", "<script>", "%", "\\", "' OR 1=1 --"]:
        response = client.get(f"{A}/products/", {"q": text})
        assert response.status_code == 200, (text, response.content)


def test_lookup_by_sku_and_barcode(tenant_a):
    # given a product with a second variant that has a barcode and its own price
    product = make_product(tenant_a, "MUG-1", title="Mug", price="8.00", stock=4)
    with tenant_a:
        services.variant_create(
            store=tenant_a.store,
            product=product,
            actor=None,
            sku="MUG-1-BLUE",
            barcode="4012345678901",
            price="9.50",
            stock=2,
        )
    client = client_for(tenant_a, Role.CASHIER)

    # when the till scans the SKU in another case, or the barcode
    by_sku = client.get(f"{A}/products/lookup/", {"code": "mug-1"})
    by_barcode = client.get(f"{A}/products/lookup/", {"code": "4012345678901"})

    # then it gets the variant, its product, price and stock
    assert by_sku.status_code == 200, by_sku.content
    assert by_sku.json()["variant"]["sku"] == "MUG-1"
    assert (by_sku.json()["price"], by_sku.json()["available"], by_sku.json()["currency"]) == ("8.00", 4, "EUR")
    assert by_sku.json()["product"]["id"] == product.pk
    assert by_barcode.json()["variant"]["sku"] == "MUG-1-BLUE"
    assert (by_barcode.json()["price"], by_barcode.json()["available"]) == ("9.50", 2)
    assert by_barcode.json()["product"]["title"]["en"] == "Mug"

    unknown = client.get(f"{A}/products/lookup/", {"code": "NOPE"})
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "not_found"
    missing = client.get(f"{A}/products/lookup/")
    assert missing.status_code == 400 and "code" in missing.json()["fields"]


# --- Schema and query counts ----------------------------------------------------------------------


def test_schema_documents_the_catalog_api(tenant_a):
    response = tenant_a.client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/store/stores/{code}/catalog/products/",
        "/api/v1/store/stores/{code}/catalog/products/{id}/",
        "/api/v1/store/stores/{code}/catalog/products/lookup/",
        "/api/v1/store/stores/{code}/catalog/products/bulk/",
        "/api/v1/store/stores/{code}/catalog/products/{id}/variants/",
        "/api/v1/store/stores/{code}/catalog/products/{id}/images/",
        "/api/v1/store/stores/{code}/catalog/products/{id}/images/{image_id}/",
        "/api/v1/store/stores/{code}/catalog/products/{id}/images/order/",
        "/api/v1/store/stores/{code}/catalog/variants/{id}/",
        "/api/v1/store/stores/{code}/catalog/variants/{id}/stock/",
        "/api/v1/store/stores/{code}/catalog/categories/",
        "/api/v1/store/stores/{code}/catalog/categories/{id}/",
        "/api/v1/store/stores/{code}/jobs/{id}/",
        "/api/v1/storefront/catalog/products/",
        "/api/v1/storefront/catalog/products/{slug}/",
        "/api/v1/storefront/catalog/categories/",
    ]:
        assert path in paths, path
    listing = paths["/api/v1/store/stores/{code}/catalog/products/"]["get"]
    assert {"q", "status", "category", "brand", "sku", "barcode", "in_stock", "price_min", "price_max"} <= {
        p["name"] for p in listing["parameters"]
    }
    product = response.json()["components"]["schemas"]["Product"]
    assert set(product["properties"]["title"]["properties"]) == {"en", "fr", "de", "lb"}
    # the unpaginated lists say how long they can get
    item = "/api/v1/store/stores/{code}/catalog/products/{id}/"
    assert "at most 100" in paths[item + "variants/"]["get"]["description"]
    assert "at most 30" in paths[item + "images/"]["get"]["description"]
    assert "at most 1000" in paths["/api/v1/store/stores/{code}/catalog/categories/"]["get"]["description"]
    # some roles never get a cost price, so it is documented but not required
    assert "cost_price" in product["properties"] and "cost_price" not in product["required"]
    assert "price" in product["required"]


def test_product_list_query_count_stays_flat(tenant_a, queries):
    category = make_category(tenant_a, "All")
    client = client_for(tenant_a)
    for i in range(3):
        make_product(tenant_a, f"QC-{i}", categories=[category.pk], stock=i)
    small = queries.of_get(client, f"{A}/products/")
    for i in range(3, 30):
        make_product(tenant_a, f"QC-{i}", categories=[category.pk], stock=i)
    big = queries.of_get(client, f"{A}/products/")
    # search_path, token, store, role, count, page, categories, variants with stock, option values, images
    assert small.count == big.count == 10, big.sql
