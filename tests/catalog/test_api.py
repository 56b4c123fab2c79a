"""The catalog API: store API (products, variants, categories, images, stock, bulk jobs) and the
public storefront API, with roles, tenant isolation, the error format and pinned query counts."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from apps.catalog import limits, services
from apps.catalog.models import Product, ProductImage, StockMovement
from apps.core.modules import registry
from apps.core.roles import Role
from apps.tenancy import routing
from apps.tenancy.services import module_set_enabled

from ..accounts.test_api import api, token_for

A = "/api/v1/store/stores/ALPHA/catalog"
B = "/api/v1/store/stores/BETA/catalog"
SHOP = "/api/v1/storefront/catalog"
JSON = "application/json"


def client_for(tenant, role=None, user=None):
    user = user or (tenant.owner() if role is None else tenant.member(role))
    return api(tenant, token_for(tenant, user.email))


def make_product(tenant, sku, *, title=None, price="10.00", status="active", stock=0, store=None, **data):
    categories = data.pop("categories", None)
    texts = title if isinstance(title, dict) else {"en": title or sku.title()}
    with tenant:
        product = services.product_create(
            store=store or tenant.store,
            actor=tenant.owner(),
            data={"sku": sku, "title": texts, "price": price, "status": status, **data},
            category_ids=categories,
            stock=stock,
        )
    return product


def make_category(tenant, name, parent=None):
    with tenant:
        return services.category_create(
            store=tenant.store, actor=tenant.owner(), name={"en": name}, parent_id=parent.pk if parent else None
        )


def png(size=(32, 24), color=(200, 30, 30)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "photo.png"
    return buffer


def upload(name: str, content: bytes) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


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


# --- Variants -------------------------------------------------------------------------------------


def test_variants_create_update_delete(tenant_a):
    product = make_product(tenant_a, "HAT-1", price="15.00", stock=1)
    client = client_for(tenant_a)
    listed = client.get(f"{A}/products/{product.pk}/variants/")
    assert [v["sku"] for v in listed.json()] == ["HAT-1"]
    default_id = listed.json()[0]["id"]

    created = client.post(
        f"{A}/products/{product.pk}/variants/",
        {"sku": "HAT-1-L", "barcode": "111", "price": "17.00", "stock": 6},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    variant = created.json()
    assert (variant["price"], variant["effective_price"], variant["stock"]["quantity"]) == ("17.00", "17.00", 6)

    same_barcode = client.post(
        f"{A}/products/{product.pk}/variants/", {"sku": "HAT-1-XL", "barcode": "111"}, content_type=JSON
    )
    assert same_barcode.status_code == 409 and same_barcode.json()["code"] == "barcode_taken"
    taken_sku = client.post(f"{A}/products/{product.pk}/variants/", {"sku": "hat-1"}, content_type=JSON)
    assert taken_sku.status_code == 409 and taken_sku.json()["code"] == "sku_taken"
    unknown_option = client.post(
        f"{A}/products/{product.pk}/variants/", {"sku": "HAT-1-M", "option_value_ids": [2**70]}, content_type=JSON
    )
    assert unknown_option.status_code == 400 and "option_value_ids" in unknown_option.json()["fields"]
    bad_price = client.post(
        f"{A}/products/{product.pk}/variants/", {"sku": "HAT-1-S", "price": "-3"}, content_type=JSON
    )
    assert bad_price.status_code == 400 and bad_price.json()["code"] == "price_invalid"

    url = f"{A}/variants/{variant['id']}/"
    cleared = client.patch(url, {"price": None, "barcode": "222"}, content_type=JSON)
    assert cleared.status_code == 200, cleared.content
    assert (cleared.json()["price"], cleared.json()["effective_price"], cleared.json()["barcode"]) == (
        None,
        "15.00",
        "222",
    )
    assert client.get(url).json()["barcode"] == "222"
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    last = client.delete(f"{A}/variants/{default_id}/")
    assert last.status_code == 409 and last.json()["code"] == "last_variant"


# --- Categories -----------------------------------------------------------------------------------


def test_category_tree_create_update_delete(tenant_a):
    client = client_for(tenant_a)
    clothes = client.post(f"{A}/categories/", {"name": {"en": "Clothes", "fr": "Vêtements"}}, content_type=JSON)
    assert clothes.status_code == 201, clothes.content
    clothes = clothes.json()
    assert clothes["slug"] == "clothes" and clothes["name"]["fr"] == "Vêtements"
    shirts = client.post(
        f"{A}/categories/", {"name": {"en": "Shirts"}, "parent": clothes["id"]}, content_type=JSON
    ).json()
    toys = client.post(f"{A}/categories/", {"name": {"en": "Toys"}}, content_type=JSON).json()

    tree = client.get(f"{A}/categories/").json()
    assert [(c["name"]["en"], c["depth"], c["parent"]) for c in tree] == [
        ("Clothes", 0, None),
        ("Shirts", 1, clothes["id"]),
        ("Toys", 0, None),
    ]

    renamed = client.patch(
        f"{A}/categories/{clothes['id']}/", {"name": {"de": "Kleidung"}, "is_active": False}, content_type=JSON
    )
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["name"] == {"en": "Clothes", "fr": "Vêtements", "de": "Kleidung", "lb": ""}
    assert renamed.json()["is_active"] is False

    cycle = client.patch(f"{A}/categories/{clothes['id']}/", {"parent": shirts["id"]}, content_type=JSON)
    assert cycle.status_code == 400 and cycle.json()["code"] == "category_cycle"
    assert "parent" in cycle.json()["fields"]
    no_name = client.post(f"{A}/categories/", {"name": {"en": " "}}, content_type=JSON)
    assert no_name.status_code == 400 and "name.en" in no_name.json()["fields"]
    unknown_parent = client.post(f"{A}/categories/", {"name": {"en": "X"}, "parent": 10**12}, content_type=JSON)
    assert unknown_parent.status_code == 400 and "parent" in unknown_parent.json()["fields"]
    moved = client.patch(f"{A}/categories/{toys['id']}/", {"parent": clothes["id"]}, content_type=JSON)
    assert moved.json()["parent"] == clothes["id"]

    assert client.delete(f"{A}/categories/{clothes['id']}/").status_code == 204
    assert client.get(f"{A}/categories/{clothes['id']}/").status_code == 404
    assert client.get(f"{A}/categories/{shirts['id']}/").json()["parent"] is None


def test_category_position_among_siblings(tenant_a):
    # given four top-level categories and one child
    client = client_for(tenant_a)
    ids = {
        name: client.post(f"{A}/categories/", {"name": {"en": name}}, content_type=JSON).json()["id"]
        for name in ("A", "B", "C", "D")
    }
    ids["X"] = client.post(f"{A}/categories/", {"name": {"en": "X"}, "parent": ids["B"]}, content_type=JSON).json()[
        "id"
    ]

    def order(parent=None):
        tree = client.get(f"{A}/categories/").json()
        return [(c["name"]["en"], c["position"]) for c in tree if c["parent"] == parent]

    def patch(name, body):
        return client.patch(f"{A}/categories/{ids[name]}/", body, content_type=JSON)

    # when D moves to the front, then everyone moves down one
    moved = patch("D", {"position": 0})
    assert moved.status_code == 200, moved.content
    assert moved.json()["position"] == 0
    assert order() == [("D", 0), ("A", 1), ("B", 2), ("C", 3)]

    # a position past the end puts it last; a rename and a move go together
    assert patch("A", {"position": 99, "name": {"fr": "Ah"}}).json()["position"] == 3
    assert order() == [("D", 0), ("B", 1), ("C", 2), ("A", 3)]
    assert client.get(f"{A}/categories/{ids['A']}/").json()["name"]["fr"] == "Ah"

    # when C moves under B at the front, then B's children and the top level are both renumbered
    under = patch("C", {"parent": ids["B"], "position": 0})
    assert (under.json()["parent"], under.json()["position"]) == (ids["B"], 0)
    assert order(ids["B"]) == [("C", 0), ("X", 1)]
    assert order() == [("D", 0), ("B", 1), ("A", 2)]

    # a new parent without a position puts it last
    assert patch("X", {"parent": None}).json()["position"] == 3
    assert order() == [("D", 0), ("B", 1), ("A", 2), ("X", 3)]
    assert order(ids["B"]) == [("C", 0)]

    # a negative position is refused; a viewer cannot reorder
    negative = patch("A", {"position": -1})
    assert negative.status_code == 400 and "position" in negative.json()["fields"]
    viewer = client_for(tenant_a, Role.VIEWER)
    assert viewer.patch(f"{A}/categories/{ids['A']}/", {"position": 0}, content_type=JSON).status_code == 403
    assert order() == [("D", 0), ("B", 1), ("A", 2), ("X", 3)]


def test_unpaginated_lists_are_bounded_with_clear_errors(tenant_a, media_root, monkeypatch):
    # given low bounds, and a product and a store that have reached them
    monkeypatch.setattr(limits, "MAX_VARIANTS_PER_PRODUCT", 1)
    monkeypatch.setattr(limits, "MAX_CATEGORIES_PER_STORE", 1)
    monkeypatch.setattr(limits, "MAX_IMAGES_PER_PRODUCT", 1)
    product = make_product(tenant_a, "FULL-1")
    make_category(tenant_a, "Only")
    client = client_for(tenant_a)
    assert client.post(f"{A}/products/{product.pk}/images/", {"image": png()}).status_code == 201

    # when one more of each is sent
    variant = client.post(f"{A}/products/{product.pk}/variants/", {"sku": "FULL-1-B"}, content_type=JSON)
    category = client.post(f"{A}/categories/", {"name": {"en": "More"}}, content_type=JSON)
    image = client.post(f"{A}/products/{product.pk}/images/", {"image": png()})

    # then each is a 400 with its own code and a message naming the bound
    for response, code in (
        (variant, "too_many_variants"),
        (category, "too_many_categories"),
        (image, "too_many_images"),
    ):
        assert response.status_code == 400, response.content
        assert response.json()["code"] == code
        assert "at most 1 " in response.json()["message"]
    assert len(client.get(f"{A}/products/{product.pk}/variants/").json()) == 1
    assert len(client.get(f"{A}/categories/").json()) == 1
    assert len(client.get(f"{A}/products/{product.pk}/images/").json()) == 1


# --- Stock ----------------------------------------------------------------------------------------


def test_stock_adjust_count_and_ledger(tenant_a):
    product = make_product(tenant_a, "CUP-1", stock=2)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = client_for(tenant_a, Role.CASHIER)
    url = f"{A}/variants/{variant_id}/stock/"

    received = client.post(url, {"delta": 5, "reason": "received", "note": "delivery 42"}, content_type=JSON)
    assert received.status_code == 200, received.content
    assert received.json()["inventory"]["quantity"] == 7
    assert received.json()["movements"][0]["delta"] == 5
    assert received.json()["movements"][0]["note"] == "delivery 42"

    too_many = client.post(url, {"delta": -8, "reason": "sold"}, content_type=JSON)
    assert too_many.status_code == 400
    assert too_many.json()["code"] == "stock_negative"
    assert "delta" in too_many.json()["fields"]

    counted = client.put(url, {"quantity": 3}, content_type=JSON)
    assert counted.status_code == 200 and counted.json()["inventory"]["quantity"] == 3
    assert counted.json()["movements"][0]["reason"] == "count"
    assert counted.json()["movements"][0]["delta"] == -4

    for payload in ({"delta": 0, "reason": "received"}, {"delta": 1, "reason": "reserved"}, {"delta": "x"}):
        assert client.post(url, payload, content_type=JSON).status_code == 400
    negative_count = client.put(url, {"quantity": -1}, content_type=JSON)
    assert negative_count.status_code == 400 and negative_count.json()["code"] == "stock_negative"

    ledger = client.get(url).json()
    assert [m["delta"] for m in ledger["movements"]] == [-4, 5, 2]  # newest first; 2 is the opening stock
    with tenant_a:
        assert StockMovement.objects.filter(item__variant_id=variant_id).count() == 3


def test_inventory_settings(tenant_a):
    product = make_product(tenant_a, "PEN-1", stock=2)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = client_for(tenant_a)
    response = client.patch(
        f"{A}/variants/{variant_id}/stock/", {"bin_location": "A-3", "low_stock_threshold": 1}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert response.json()["inventory"]["bin_location"] == "A-3"
    assert response.json()["inventory"]["is_low"] is False


# --- Images ---------------------------------------------------------------------------------------


def test_image_upload_update_reorder_delete(tenant_a, media_root, django_capture_on_commit_callbacks):
    product = make_product(tenant_a, "IMG-1")
    client = client_for(tenant_a)
    url = f"{A}/products/{product.pk}/images/"

    # when two PNGs are uploaded (renditions made by the task after commit)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"image": png(), "alt_text": "Red"})
    assert first.status_code == 201, first.content
    second = client.post(url, {"image": png(color=(0, 0, 200))})
    assert second.status_code == 201
    first, second = first.json(), second.json()

    # then the first is the main one, read back with its renditions
    assert (first["width"], first["height"], first["is_primary"], second["is_primary"]) == (32, 24, True, False)
    assert first["url"].startswith("http://alpha.testserver.local/media/")
    assert first["alt_text"]["en"] == "Red"
    listed = client.get(url).json()
    assert [i["id"] for i in listed] == [first["id"], second["id"]]
    assert listed[0]["status"] == "ready"
    assert set(listed[0]["renditions"]) == {"thumbnail", "small", "medium", "large"}
    assert listed[0]["renditions"]["thumbnail"]["webp"].endswith(".webp")

    # when alt texts change and the second becomes the main image
    patched = client.patch(f"{url}{second['id']}/", {"alt_text": {"fr": "Bleu"}, "is_primary": True}, content_type=JSON)
    assert patched.status_code == 200, patched.content
    assert patched.json()["alt_text"]["fr"] == "Bleu" and patched.json()["is_primary"] is True

    reordered = client.post(f"{url}order/", {"order": [second["id"], first["id"]]}, content_type=JSON)
    assert reordered.status_code == 200, reordered.content
    assert [(i["id"], i["is_primary"]) for i in reordered.json()] == [(second["id"], True), (first["id"], False)]
    incomplete = client.post(f"{url}order/", {"order": [first["id"]]}, content_type=JSON)
    assert incomplete.status_code == 400 and "order" in incomplete.json()["fields"]

    assert client.delete(f"{url}{second['id']}/").status_code == 204
    remaining = client.get(url).json()
    assert [(i["id"], i["is_primary"]) for i in remaining] == [(first["id"], True)]
    assert client.delete(f"{url}{second['id']}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"this is just text, not a JPEG"),
        (
            "logo.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<rect width="10" height="10"/></svg>',
        ),
        ("truncated.png", png().getvalue()[:60]),
    ],
)
def test_image_upload_refuses_what_is_not_an_image(tenant_a, media_root, name, content):
    product = make_product(tenant_a, "IMG-2")
    response = client_for(tenant_a).post(f"{A}/products/{product.pk}/images/", {"image": upload(name, content)})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "image_invalid"
    assert "image" in response.json()["fields"]
    with tenant_a:
        assert not ProductImage.objects.exists()


def test_image_upload_without_file_is_400(tenant_a, media_root):
    product = make_product(tenant_a, "IMG-3")
    response = client_for(tenant_a).post(f"{A}/products/{product.pk}/images/", {"alt_text": "x"})
    assert response.status_code == 400 and "image" in response.json()["fields"]


# --- Bulk changes and jobs ------------------------------------------------------------------------


def test_bulk_job_is_accepted_then_done(tenant_a, django_capture_on_commit_callbacks):
    # given three drafts
    drafts = [make_product(tenant_a, f"BULK-{i}", status="draft") for i in range(3)]
    client = client_for(tenant_a, Role.EDITOR)

    # when they are activated in bulk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{A}/products/bulk/",
            {"action": "activate", "product_ids": [p.pk for p in drafts]},
            content_type=JSON,
        )

    # then the API answers at once with the job, which the task finished
    assert response.status_code == 202, response.content
    job = response.json()
    assert (job["status"], job["total"], job["kind"]) == ("queued", 3, "catalog.bulk_products")
    progress = client.get(f"/api/v1/store/stores/ALPHA/jobs/{job['id']}/")
    assert progress.status_code == 200
    assert (progress.json()["status"], progress.json()["percent"], progress.json()["finished"]) == ("done", 100, True)
    assert progress.json()["result"] == {"changed": 3}
    with tenant_a:
        assert set(Product.objects.values_list("status", flat=True)) == {"active"}


def test_bulk_input_errors_and_permissions(tenant_a):
    product = make_product(tenant_a, "BULK-X")
    editor = client_for(tenant_a, Role.EDITOR)
    url = f"{A}/products/bulk/"
    unknown = editor.post(url, {"action": "explode", "product_ids": [product.pk]}, content_type=JSON)
    assert unknown.status_code == 400 and "action" in unknown.json()["fields"]
    zero = editor.post(
        url, {"action": "price_percent", "params": {"percent": "0"}, "product_ids": [product.pk]}, content_type=JSON
    )
    assert zero.status_code == 400 and zero.json()["code"] == "bulk_action_invalid"
    empty = editor.post(url, {"action": "activate", "product_ids": []}, content_type=JSON)
    assert empty.status_code == 400 and "product_ids" in empty.json()["fields"]
    # an editor may edit but not delete
    delete = editor.post(url, {"action": "delete", "product_ids": [product.pk]}, content_type=JSON)
    assert delete.status_code == 403 and delete.json()["code"] == "permission_denied"
    with tenant_a:
        assert Product.objects.filter(pk=product.pk).exists()


def test_job_of_another_store_is_404(tenant_a, django_capture_on_commit_callbacks):
    product = make_product(tenant_a, "JOB-1")
    owner = client_for(tenant_a)
    with django_capture_on_commit_callbacks(execute=True):
        job = owner.post(
            f"{A}/products/bulk/", {"action": "feature", "product_ids": [product.pk]}, content_type=JSON
        ).json()
    assert owner.get(f"/api/v1/store/stores/ALPHA/jobs/{job['id']}/").status_code == 200
    assert owner.get(f"/api/v1/store/stores/ALPHA2/jobs/{job['id']}/").status_code == 404
    assert owner.get(f"/api/v1/store/stores/ALPHA/jobs/{2**70}/").status_code == 404


# --- Roles ----------------------------------------------------------------------------------------


def test_viewer_reads_but_cannot_write(tenant_a):
    product = make_product(tenant_a, "ROLE-1")
    viewer = client_for(tenant_a, Role.VIEWER)
    assert viewer.get(f"{A}/products/").status_code == 200
    assert viewer.get(f"{A}/products/{product.pk}/").status_code == 200
    for response in (
        viewer.post(f"{A}/products/", {"sku": "V", "title": {"en": "V"}, "price": "1"}, content_type=JSON),
        viewer.patch(f"{A}/products/{product.pk}/", {"price": "2"}, content_type=JSON),
        viewer.post(f"{A}/categories/", {"name": {"en": "V"}}, content_type=JSON),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


def test_cashier_adjusts_stock_but_cannot_edit(tenant_a):
    product = make_product(tenant_a, "ROLE-2", stock=1)
    with tenant_a:
        variant_id = product.variants.get().pk
    cashier = client_for(tenant_a, Role.CASHIER)
    adjusted = cashier.post(f"{A}/variants/{variant_id}/stock/", {"delta": 2, "reason": "returned"}, content_type=JSON)
    assert adjusted.status_code == 200, adjusted.content
    for response in (
        cashier.patch(f"{A}/products/{product.pk}/", {"price": "2"}, content_type=JSON),
        cashier.post(f"{A}/products/", {"sku": "C", "title": {"en": "C"}, "price": "1"}, content_type=JSON),
        cashier.patch(f"{A}/variants/{variant_id}/stock/", {"bin_location": "X"}, content_type=JSON),
        cashier.delete(f"{A}/products/{product.pk}/"),
    ):
        assert response.status_code == 403


def test_only_managing_roles_delete(tenant_a):
    product = make_product(tenant_a, "ROLE-3")
    editor = client_for(tenant_a, Role.EDITOR)
    assert editor.patch(f"{A}/products/{product.pk}/", {"brand": "Edited"}, content_type=JSON).status_code == 200
    assert editor.delete(f"{A}/products/{product.pk}/").status_code == 403
    manager = client_for(tenant_a, Role.MANAGER)
    assert manager.delete(f"{A}/products/{product.pk}/").status_code == 204


@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER, Role.EDITOR, Role.VIEWER])
def test_staff_roles_see_cost_prices(tenant_a, role):
    product = make_product(tenant_a, "COST-1", cost_price="4.00")
    client = client_for(tenant_a, role)
    assert client.get(f"{A}/products/{product.pk}/").json()["cost_price"] == "4.00"
    assert client.get(f"{A}/products/").json()["results"][0]["cost_price"] == "4.00"


def test_cashier_never_gets_cost_prices(tenant_a):
    # given a product with a cost price
    product = make_product(tenant_a, "COST-2", cost_price="4.00", stock=1)
    cashier = client_for(tenant_a, Role.CASHIER)

    # when the cashier reads it every way the API offers
    detail = cashier.get(f"{A}/products/{product.pk}/")
    listing = cashier.get(f"{A}/products/")
    scanned = cashier.get(f"{A}/products/lookup/", {"code": "COST-2"})

    # then the product is there, its cost price is not
    assert detail.status_code == listing.status_code == scanned.status_code == 200
    assert "cost_price" not in detail.json() and detail.json()["price"] == "10.00"
    assert "cost_price" not in listing.json()["results"][0]
    assert "cost_price" not in scanned.json()["product"]
    assert b"4.00" not in detail.content + listing.content + scanned.content


def test_cost_price_is_written_only_by_roles_that_may_read_it(tenant_a, monkeypatch):
    # given an editor (who holds catalog.costs) and a product
    product = make_product(tenant_a, "COST-3", cost_price="4.00")
    editor = client_for(tenant_a, Role.EDITOR)
    url = f"{A}/products/{product.pk}/"
    changed = editor.patch(url, {"cost_price": "5.00"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["cost_price"] == "5.00"

    # when editors lose catalog.costs but keep catalog.edit
    per_role = registry._matrix["catalog"]
    monkeypatch.setitem(per_role, Role.EDITOR, per_role[Role.EDITOR] - {"catalog.costs"})

    # then sending a cost price is refused, on create and on change, and nothing is written
    refused = editor.patch(url, {"cost_price": "0.01", "price": "3.00"}, content_type=JSON)
    assert refused.status_code == 403, refused.content
    assert refused.json()["code"] == "permission_denied" and "cost_price" in refused.json()["fields"]
    created = editor.post(
        f"{A}/products/", {"sku": "C-4", "title": {"en": "C"}, "price": "1", "cost_price": "1"}, content_type=JSON
    )
    assert created.status_code == 403
    # other changes go through, and the answer leaves the cost price out
    other = editor.patch(url, {"price": "3.00"}, content_type=JSON)
    assert other.status_code == 200 and "cost_price" not in other.json()
    with tenant_a:
        product.refresh_from_db()
        assert (product.price, product.cost_price) == (3, Decimal("5.00"))
        assert not Product.objects.filter(sku="C-4").exists()


def test_anonymous_and_customer_get_nothing_from_the_store_api(tenant_a):
    assert api(tenant_a).get(f"{A}/products/").status_code == 401
    customer = client_for(tenant_a, user=tenant_a.customer())
    assert customer.get(f"{A}/products/").status_code == 403


def test_store_api_when_catalog_module_is_off(tenant_a):
    client = client_for(tenant_a)
    with tenant_a:
        module_set_enabled(actor=None, merchant=tenant_a.merchant, code="catalog", enabled=False)
    routing.forget_merchant(tenant_a.merchant.id)
    response = client.get(f"{A}/products/")
    assert response.status_code == 403 and response.json()["code"] == "module_disabled"
    assert api(tenant_a).get(f"{SHOP}/products/").status_code == 404


# --- Tenant isolation -----------------------------------------------------------------------------


def test_another_merchants_ids_are_404(tenant_a, tenant_b):
    # given a product, variant, category and image id of merchant A
    category = make_category(tenant_a, "Secret")
    product = make_product(tenant_a, "SECRET-1", stock=3, categories=[category.pk])
    with tenant_a:
        variant_id = product.variants.get().pk
    client_b = client_for(tenant_b)

    # then merchant B's owner finds none of them on B's store
    for path in (
        f"{B}/products/{product.pk}/",
        f"{B}/products/{product.pk}/variants/",
        f"{B}/products/{product.pk}/images/",
        f"{B}/variants/{variant_id}/",
        f"{B}/variants/{variant_id}/stock/",
        f"{B}/categories/{category.pk}/",
    ):
        assert client_b.get(path).status_code == 404, path
    assert client_b.patch(f"{B}/products/{product.pk}/", {"price": "0"}, content_type=JSON).status_code == 404
    assert client_b.patch(f"{B}/categories/{category.pk}/", {"position": 0}, content_type=JSON).status_code == 404
    assert client_b.delete(f"{B}/products/{product.pk}/").status_code == 404
    stock = client_b.post(f"{B}/variants/{variant_id}/stock/", {"delta": -3, "reason": "sold"}, content_type=JSON)
    assert stock.status_code == 404
    assert client_b.get(f"{B}/products/lookup/", {"code": "SECRET-1"}).status_code == 404
    assert client_b.get(f"{B}/products/").json()["count"] == 0
    assert client_b.get(f"{B}/products/{2**70}/").status_code == 404  # out of range: still a 404
    # nor A's store through B's domain
    assert client_b.get(f"{A}/products/{product.pk}/").status_code == 404
    with tenant_a:
        assert Product.objects.get(pk=product.pk).price == 10


def test_another_store_of_the_same_merchant_does_not_see_the_product(tenant_a):
    product = make_product(tenant_a, "STORE-1")
    client = client_for(tenant_a)
    assert client.get(f"/api/v1/store/stores/ALPHA2/catalog/products/{product.pk}/").status_code == 404
    assert client.get("/api/v1/store/stores/ALPHA2/catalog/products/").json()["count"] == 0


def test_a_token_of_a_is_401_on_b_domain(tenant_a, tenant_b):
    token = token_for(tenant_a, tenant_a.owner().email)
    on_b = Client(HTTP_HOST=tenant_b.host, HTTP_AUTHORIZATION=f"Token {token}")
    assert on_b.get(f"{B}/products/").status_code == 401
    assert on_b.get(f"{A}/products/").status_code == 401


# --- Storefront API -------------------------------------------------------------------------------


def test_storefront_lists_active_products_only_with_facets(tenant_a):
    # given active, draft and archived products
    shoes = make_category(tenant_a, "Shoes")
    boots = make_category(tenant_a, "Boots", parent=shoes)
    runner = make_product(tenant_a, "SF-1", title="Runner", price="80.00", stock=2, brand="Acme", categories=[shoes.pk])
    boot = make_product(tenant_a, "SF-2", title="Winter boot", price="120.00", brand="Beta", categories=[boots.pk])
    make_product(tenant_a, "SF-3", title="Secret draft", status="draft")
    make_product(tenant_a, "SF-4", title="Old archived", status="archived")
    shop = api(tenant_a)

    # when an anonymous visitor browses the shop
    listing = shop.get(f"{SHOP}/products/")

    # then only active products show, with facets and no back-office data
    assert listing.status_code == 200, listing.content
    body = listing.json()
    assert body["count"] == 2
    assert {(p["id"], p["slug"]) for p in body["results"]} == {(runner.pk, "runner"), (boot.pk, "winter-boot")}
    card = next(p for p in body["results"] if p["slug"] == "runner")
    assert (card["price"], card["in_stock"], card["image"]) == ("80.00", True, None)
    assert "cost_price" not in card and "sku" not in card
    assert {b["brand"] for b in body["facets"]["brands"]} == {"Acme", "Beta"}
    assert (body["facets"]["price_min"], body["facets"]["price_max"], body["facets"]["in_stock"]) == (
        "80.00",
        "120.00",
        1,
    )
    assert body["sort"] == "newest"

    def slugs(**params):
        response = shop.get(f"{SHOP}/products/", params)
        assert response.status_code == 200, (params, response.content)
        return [p["slug"] for p in response.json()["results"]]

    assert slugs(category="shoes") == ["winter-boot", "runner"]  # subcategories included
    assert slugs(category="boots") == ["winter-boot"]
    assert slugs(brand="Acme") == ["runner"]
    assert slugs(min_price="100") == ["winter-boot"]
    assert slugs(max_price="100", sort="price_desc") == ["runner"]
    assert slugs(in_stock="true") == ["runner"]
    assert slugs(q="runer") == ["runner"]
    assert slugs(q="secret") == []
    # unknown values are ignored, as a shop visitor expects
    assert len(slugs(min_price="abc", category="nope", sort="bogus", in_stock="maybe")) == 2
    assert shop.get(f"{SHOP}/products/", {"q": "runner"}).json()["filters"]["q"] == "runner"


def test_storefront_product_page_and_drafts(tenant_a):
    product = make_product(tenant_a, "PAGE-1", title="Lamp", price="30.00", stock=1, description={"en": "Bright"})
    make_product(tenant_a, "PAGE-2", title="Hidden", status="draft")
    with tenant_a:
        services.variant_create(
            store=tenant_a.store, product=product, actor=None, sku="PAGE-1-BIG", price="35.00", stock=0
        )
    shop = api(tenant_a)
    page = shop.get(f"{SHOP}/products/lamp/")
    assert page.status_code == 200, page.content
    body = page.json()
    assert (body["title"], body["description"], body["in_stock"]) == ("Lamp", "Bright", True)
    assert [(v["sku"], v["price"], v["in_stock"]) for v in body["variants"]] == [
        ("PAGE-1", "30.00", True),
        ("PAGE-1-BIG", "35.00", False),
    ]
    hidden = shop.get(f"{SHOP}/products/hidden/")
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"
    assert shop.get(f"{SHOP}/products/no-such-thing/").status_code == 404


def test_storefront_texts_follow_the_language(tenant_a):
    make_product(tenant_a, "LANG-1", title={"en": "Chair", "fr": "Chaise"})
    shop = api(tenant_a)
    assert shop.get(f"{SHOP}/products/chair/", {"lang": "fr"}).json()["title"] == "Chaise"
    assert shop.get(f"{SHOP}/products/chair/", {"lang": "en"}).json()["title"] == "Chair"


def test_storefront_search_says_what_it_corrected(tenant_a):
    make_product(tenant_a, "CORR-1", title="Wireless headphones")
    body = api(tenant_a).get(f"{SHOP}/products/?q=wireles+headphnes").json()
    assert [p["slug"] for p in body["results"]] == ["wireless-headphones"]
    assert (body["count"], body["corrected"]) == (1, "wireless headphones")
    assert api(tenant_a).get(f"{SHOP}/products/?q=wireless").json()["corrected"] == ""


@pytest.mark.parametrize("text", ["'&|!:*()", "!!!", "a:*", "(((", "' OR 1=1 --", "é ß ü", "x" * 500])
def test_storefront_search_with_operators_does_not_fail(tenant_a, text):
    make_product(tenant_a, "Q-1", title="Coffee")
    response = api(tenant_a).get(f"{SHOP}/products/", {"q": text})
    assert response.status_code == 200, response.content


def test_storefront_category_tree_shows_active_categories(tenant_a):
    home = make_category(tenant_a, "Home")
    make_category(tenant_a, "Kitchen", parent=home)
    hidden = make_category(tenant_a, "Hidden")
    make_category(tenant_a, "Under hidden", parent=hidden)
    with tenant_a:
        services.category_update(store=tenant_a.store, category=hidden, actor=None, is_active=False)
    tree = api(tenant_a).get(f"{SHOP}/categories/").json()
    assert tree == [
        {
            "id": home.pk,
            "slug": "home",
            "name": "Home",
            "description": "",
            "children": [{"id": home.pk + 1, "slug": "kitchen", "name": "Kitchen", "description": "", "children": []}],
        }
    ]


@pytest.mark.parametrize("path", ["/products/", "/products/x/", "/categories/"])
def test_storefront_api_is_404_on_the_platform_domain(public_client, path):
    assert public_client.get(f"{SHOP}{path}").status_code == 404


def test_storefront_is_per_store(tenant_a, tenant_b):
    make_product(tenant_a, "ONLY-A", title="Only A")
    assert api(tenant_b).get(f"{SHOP}/products/").json()["count"] == 0
    assert api(tenant_b).get(f"{SHOP}/products/only-a/").status_code == 404


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


def _count(client, path):
    client.get(path)  # warm the host cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_product_list_query_count_stays_flat(tenant_a):
    category = make_category(tenant_a, "All")
    client = client_for(tenant_a)
    for i in range(3):
        make_product(tenant_a, f"QC-{i}", categories=[category.pk], stock=i)
    n_small, _ = _count(client, f"{A}/products/")
    for i in range(3, 30):
        make_product(tenant_a, f"QC-{i}", categories=[category.pk], stock=i)
    n_big, sql = _count(client, f"{A}/products/")
    # search_path, token, store, role, count, page, categories, variants with stock, option values, images
    assert n_small == n_big == 10, sql


def test_storefront_listing_query_count_stays_flat(tenant_a):
    for i in range(3):
        make_product(tenant_a, f"SQ-{i}", stock=i)
    cache.clear()  # cold facets (in tests no commit happens, so the catalog version never moves)
    n_small, _ = _count(api(tenant_a), f"{SHOP}/products/")
    for i in range(3, 30):
        make_product(tenant_a, f"SQ-{i}", stock=i)
    cache.clear()
    n_big, sql = _count(api(tenant_a), f"{SHOP}/products/")
    # search_path, page, main images: the facets of a listing (with its count) are cached after its
    # first request
    assert n_small == n_big == 3, sql
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert api(tenant_a).get(f"{SHOP}/products/?page_size=5").status_code == 200
    # cold: + 2 facet queries (brands with the price range, in-stock and total counts; categories)
    assert len(ctx.captured_queries) == 5, [q["sql"] for q in ctx.captured_queries]
