"""Numbers are plain decimal notation, and a bulk price change reports per product what it could not
apply (issue 8, item 7).

Python's int() and Decimal() read "1_000", "1e3", full-width "１２" and Arabic-Indic "١٢" digits;
every price, amount, percentage, quantity and id the catalog takes goes through the one number
field of forms (apps.core.forms.PlainNumberField) or of the API (apps.core.api.fields), both
built on apps.core.numbers. The decimal separator is "." in the API and "." or "," in forms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.test import Client
from rest_framework import serializers

from apps.catalog import services
from apps.catalog.models import Product, Variant
from apps.core.api.fields import PlainNumberField as PlainNumberInput
from apps.core.forms import PlainNumberField
from apps.core.numbers import NotANumber, parse_decimal, parse_integer
from apps.jobs.models import Job

from ..accounts.test_api import token_for
from ..catalog.store_pages import BASE, make_product, messages_of, product_form_data

API = "/api/v1/store/stores/ALPHA/catalog"
JSON = "application/json"
NOT_PLAIN = ["1_000", "１２", "١٢", "۱۲", "²", "1e3", "1E3", "NaN", "Infinity", "0x10", "1 000", "12.5.0", "--1", ""]


def api(tenant) -> Client:
    return Client(HTTP_HOST=tenant.host, HTTP_AUTHORIZATION=f"Token {token_for(tenant, tenant.owner().email)}")


# --- The one reading of numbers --------------------------------------------------------------------


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_only_plain_notation_is_a_number(text):
    with pytest.raises(NotANumber):
        parse_decimal(text)
    with pytest.raises(NotANumber):
        parse_integer(text)


def test_what_plain_notation_is():
    assert [parse_integer(v) for v in ("12", "+12", "-12", " 12 ", 12)] == [12, 12, -12, 12, 12]
    assert [parse_decimal(v) for v in ("12.50", "-0.5", ".5", "12.", 12, 19.9)] == [
        Decimal("12.50"),
        Decimal("-0.5"),
        Decimal("0.5"),
        Decimal("12"),
        Decimal("12"),
        Decimal("19.9"),
    ]
    assert parse_decimal("12,50", comma=True) == Decimal("12.50")
    for refused in ("12,50", True, 1e300, float("nan"), Decimal("NaN"), [1], "1" * 41):
        with pytest.raises(NotANumber):
            parse_decimal(refused)
    for refused in ("12.0", 12.0, True, "9" * 41):
        with pytest.raises(NotANumber):
            parse_integer(refused)


@pytest.mark.parametrize("text", NOT_PLAIN[:-1])
def test_the_form_field_and_the_serializer_field_refuse_what_is_not_plain(text):
    with pytest.raises(forms.ValidationError):
        PlainNumberField(decimal_places=2).clean(text)
    with pytest.raises(forms.ValidationError):
        PlainNumberField().clean(text)
    with pytest.raises(serializers.ValidationError):
        PlainNumberInput(decimal_places=2).run_validation(text)
    with pytest.raises(serializers.ValidationError):
        PlainNumberInput().run_validation(text)


def test_the_fields_read_what_people_type():
    price = PlainNumberField(decimal_places=2, min_value=0)
    assert [price.clean(v) for v in ("12", "12.5", "12,50", " 0,99 ")] == [
        Decimal("12"),
        Decimal("12.5"),
        Decimal("12.50"),
        Decimal("0.99"),
    ]
    for refused in ("-1", "1.999", "1.000,50"):
        with pytest.raises(forms.ValidationError):
            price.clean(refused)
    assert not price.has_changed("19.90", "19.9")
    assert PlainNumberField(min_value=None).clean("-3") == -3
    assert PlainNumberInput(decimal_places=2).run_validation(19.9) == Decimal("19.9")
    with pytest.raises(serializers.ValidationError):
        PlainNumberInput(decimal_places=2).run_validation("12,50")  # the API takes "." only
    with pytest.raises(serializers.ValidationError):
        PlainNumberInput().run_validation(True)


# --- Where the catalog takes numbers ---------------------------------------------------------------


@pytest.mark.parametrize("price", ["1_000", "１２", "١٢", "1e3", "1.000,50"])
def test_product_pages_refuse_prices_that_are_not_plain(tenant_a, price):
    response = tenant_a.client(tenant_a.owner()).post(f"{BASE}products/add/", product_form_data(price=price))
    assert response.status_code == 400
    assert response.context["form"].errors["price"] == ["Enter an amount of 0 or more with at most two decimals."]
    with tenant_a:
        assert not Product.objects.filter(sku="NEW-1").exists()


@pytest.mark.parametrize(("price", "stored"), [("12,50", "12.50"), ("12.5", "12.50"), ("7", "7.00")])
def test_product_pages_take_a_comma_or_a_point(tenant_a, price, stored):
    response = tenant_a.client(tenant_a.owner()).post(f"{BASE}products/add/", product_form_data(price=price))
    assert response.status_code == 302, response.context and response.context["form"].errors
    with tenant_a:
        assert str(Product.objects.get(sku="NEW-1").price) == stored


@pytest.mark.parametrize(("field", "value"), [("weight_grams", "１٢"), ("compare_at_price", "٣")])
def test_product_pages_refuse_quantities_that_are_not_plain(tenant_a, field, value):
    response = tenant_a.client(tenant_a.owner()).post(f"{BASE}products/add/", product_form_data(**{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors


@pytest.mark.parametrize("value", ["1_0", "²"])
def test_product_pages_refuse_opening_stock_that_is_not_plain(tenant_a, value):
    response = tenant_a.client(tenant_a.owner()).post(
        f"{BASE}products/add/", product_form_data(**{"new-0-stock": value})
    )
    assert response.status_code == 400
    (row,) = response.context["editor"].new_rows
    assert "stock" in row.errors
    with tenant_a:
        assert not Product.objects.filter(sku="NEW-1").exists()


def test_inventory_pages_refuse_quantities_that_are_not_plain(tenant_a):
    product = make_product(tenant_a, "INV-1", stock=3)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = tenant_a.client(tenant_a.owner())
    for url, data in (
        (f"{BASE}inventory/{variant_id}/adjust/", {"adjust-delta": "١٢", "adjust-reason": "received"}),
        (f"{BASE}inventory/{variant_id}/count/", {"count-quantity": "１２"}),
        (f"{BASE}inventory/{variant_id}/settings/", {"settings-low_stock_threshold": "1_0"}),
    ):
        assert client.post(url, data).status_code == 400, url
    with tenant_a:
        assert Variant.objects.get(pk=variant_id).inventory.quantity == 3


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"price": "1_000"}, "price_invalid", "price"),
        ({"price": "１２"}, "price_invalid", "price"),
        ({"price": "١٢"}, "price_invalid", "price"),
        ({"price": "12,50"}, "price_invalid", "price"),
        ({"price": "1e3"}, "price_invalid", "price"),
        ({"price": 1e300}, "price_invalid", "price"),
        ({"price": True}, "invalid", "price"),
        ({"cost_price": "٣"}, "price_invalid", "cost_price"),
        ({"weight_grams": "１２"}, "invalid", "weight_grams"),
        ({"weight_grams": "1_0"}, "invalid", "weight_grams"),
        ({"stock": "²"}, "invalid", "stock"),
        ({"stock": 1.5}, "invalid", "stock"),
        ({"categories": ["١"]}, "invalid", "categories"),
        ({"vat_rate": "１７"}, "invalid", "vat_rate"),
    ],
)
def test_the_api_refuses_numbers_that_are_not_plain(tenant_a, payload, code, field):
    response = api(tenant_a).post(
        f"{API}/products/", {"sku": "X-1", "title": {"en": "X"}, "price": "1.00", **payload}, content_type=JSON
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code
    assert any(name == field or name.startswith(f"{field}.") for name in body["fields"]), body
    with tenant_a:
        assert not Product.objects.exists()


def test_the_api_takes_plain_numbers_as_strings_or_json_numbers(tenant_a):
    response = api(tenant_a).post(
        f"{API}/products/",
        {"sku": "X-1", "title": {"en": "X"}, "price": 19.9, "weight_grams": "250", "stock": 3, "vat_rate": 17},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert (response.json()["price"], response.json()["weight_grams"], response.json()["stock"]) == ("19.90", 250, 3)


def test_stock_changes_and_filters_refuse_numbers_that_are_not_plain(tenant_a):
    product = make_product(tenant_a, "STOCK-1", stock=3)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = api(tenant_a)
    stock = f"{API}/variants/{variant_id}/stock/"
    assert client.post(stock, {"delta": "١", "reason": "received"}, content_type=JSON).status_code == 400
    assert client.put(stock, {"quantity": "1_0"}, content_type=JSON).status_code == 400
    for query in ("price_min=１２", "price_max=1_0", "price_min=1,5", "category=١"):
        response = client.get(f"{API}/products/?{query}")
        assert response.status_code == 400, query
        assert response.json()["fields"], query
    assert client.get(f"{API}/products/?price_min=5&price_max=10.5&category=1").status_code == 200
    with tenant_a:
        assert Variant.objects.get(pk=variant_id).inventory.quantity == 3


def test_storefront_price_filters_ignore_numbers_that_are_not_plain(tenant_a):
    make_product(tenant_a, "SHOP-1", price="5.00")
    shop = tenant_a.client()
    assert shop.get("/search/?min_price=١٠٠").context["listing"].filters == {"q": ""}
    assert shop.get("/search/?min_price=4,5").context["listing"].filters["min_price"] == Decimal("4.50")
    listing = shop.get("/api/v1/storefront/catalog/products/?min_price=１٠٠").json()
    assert "min_price" not in listing["filters"] and listing["count"] == 1


@pytest.mark.parametrize("percent", ["1_0", "１٠", "1e1", "-99.999", "10,5"])
def test_bulk_percentages_are_plain_decimals(tenant_a, percent):
    product = make_product(tenant_a, "PCT-1")
    response = api(tenant_a).post(
        f"{API}/products/bulk/",
        {"action": "price_percent", "params": {"percent": percent}, "product_ids": [product.pk]},
        content_type=JSON,
    )
    assert response.status_code == 400 and "percent" in response.json()["fields"], response.content
    page = tenant_a.client(tenant_a.owner()).post(
        f"{BASE}products/bulk/", {"action": "price_percent", "percent": percent, "ids": [product.pk]}, follow=True
    )
    with tenant_a:
        if percent == "10,5":  # the page takes a decimal comma
            assert Job.objects.get().params["params"] == {"percent": "10.50"}
        else:
            assert "Enter a change between -99.99 % and +1000 %, not 0." in messages_of(page)
            assert not Job.objects.exists()


def test_a_bulk_page_takes_a_decimal_comma_and_ignores_parameters_of_other_actions(
    tenant_a, django_capture_on_commit_callbacks
):
    product = make_product(tenant_a, "PCT-2", price="10.00")
    client = tenant_a.client(tenant_a.owner())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{BASE}products/bulk/",
            {"action": "price_percent", "percent": "-12,5", "category_id": "junk", "ids": [product.pk]},
        )
        client.post(f"{BASE}products/bulk/", {"action": "archive", "percent": "junk", "ids": [product.pk]})
    with tenant_a:
        product.refresh_from_db()
        assert (product.price, product.status) == (Decimal("8.75"), "archived")


# --- A bulk price change that does not fit every product -------------------------------------------


def test_a_bulk_price_change_applies_what_fits_and_names_what_does_not(tenant_a, django_capture_on_commit_callbacks):
    small = [make_product(tenant_a, f"SMALL-{i}", price="10.00") for i in range(3)]
    big = make_product(tenant_a, "SKU-12", price="9000000000.00")
    carrier = make_product(tenant_a, "CARRIER-1", price="10.00")
    with tenant_a:
        services.variant_create(
            store=tenant_a.store, product=carrier, actor=None, sku="CARRIER-1-XL", price="9999999999.00"
        )
    ids = [p.pk for p in (*small, big, carrier)]
    client = api(tenant_a)

    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(
            f"{API}/products/bulk/",
            {"action": "price_percent", "params": {"percent": "50"}, "product_ids": ids},
            content_type=JSON,
        )
    assert queued.status_code == 202, queued.content

    job = client.get(f"/api/v1/store/stores/ALPHA/jobs/{queued.json()['id']}/").json()
    assert (job["status"], job["result"]["changed"]) == ("done", 3)
    assert job["problems"] == [  # in the order of the products' ids
        "SKU-12: the new price would exceed 9,999,999,999.99, so it was left unchanged.",
        "CARRIER-1: the new price would exceed 9,999,999,999.99, so it was left unchanged.",
    ]
    with tenant_a:
        prices = dict(Product.objects.filter(pk__in=ids).values_list("sku", "price"))
        assert prices == {
            "SMALL-0": Decimal("15.00"),
            "SMALL-1": Decimal("15.00"),
            "SMALL-2": Decimal("15.00"),
            "SKU-12": Decimal("9000000000.00"),
            "CARRIER-1": Decimal("10.00"),
        }
        assert Variant.objects.get(sku="CARRIER-1-XL").price == Decimal("9999999999.00")
        row = Job.objects.get()
        # recorded product by product: a resumed run skips both the changed and the refused ones
        assert row.items == {
            **{str(p.pk): True for p in small},
            str(big.pk): job["problems"][0],
            str(carrier.pk): job["problems"][1],
        }

    page = tenant_a.client(tenant_a.owner()).get(f"{BASE}jobs/{row.pk}/")
    assert "2 items could not be changed" in page.content.decode()
    assert "SKU-12: the new price would exceed 9,999,999,999.99" in page.content.decode()
    assert "overflow" not in page.content.decode().lower()


def test_the_problems_are_told_in_the_store_language(tenant_a, django_capture_on_commit_callbacks):
    big = make_product(tenant_a, "BIG-1", price="9000000000.00")
    with tenant_a, django_capture_on_commit_callbacks(execute=True):
        tenant_a.store.language = "fr"
        tenant_a.store.save(update_fields=["language"])
        job = services.bulk_queue(
            store=tenant_a.store, actor=None, action="price_percent", params={"percent": "50"}, product_ids=[big.pk]
        )
    with tenant_a:
        job.refresh_from_db()
        assert (job.status, job.result["changed"], len(job.problems)) == ("done", 0, 1)
        assert job.problems[0].startswith("BIG-1\xa0: le nouveau prix")  # French words and typography
        assert job.problems[0].count("999,99") == 1  # French digits
