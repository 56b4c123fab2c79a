"""The catalog's product pages: the list with its search, filters, sorting and paging, the product
form, and the CSV export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from apps.catalog import services
from apps.catalog.models import Product
from apps.core.roles import Role

from .store_pages import BASE, form_data, make_category, make_product, product_form_data

# --- The list -------------------------------------------------------------------------------------


def test_list_shows_products_with_search_filters_and_sorting(tenant_a):
    # given three products of different brands, prices and stock
    wine = make_category(tenant_a, "Wine")
    with tenant_a:
        cheap = services.product_create(
            store=tenant_a.store,
            actor=None,
            data={
                "sku": "CRE-1",
                "title": {"en": "Crémant Rosé"},
                "price": "9.90",
                "brand": "Poll-Fabaire",
                "status": "active",
            },
            category_ids=[wine.pk],
            stock=12,
        )
    make_product(tenant_a, "RIE-1", title="Riesling Grand Premier Cru", price="19.00", brand="Bernard-Massard")
    make_product(tenant_a, "MUG-1", title="Coffee mug", price="7.00", stock=0, status="draft")
    client = tenant_a.client(tenant_a.owner())

    # when the list is opened without filters, then every product is there, newest first
    page = client.get(BASE)
    assert page.status_code == 200
    assert [p.sku for p in page.context["products"]] == ["MUG-1", "RIE-1", "CRE-1"]

    # when searching a word of a title (accent-free) or an exact SKU
    assert [p.sku for p in client.get(BASE, {"q": "cremant"}).context["products"]] == ["CRE-1"]
    assert [p.sku for p in client.get(BASE, {"q": "rie-1"}).context["products"]] == ["RIE-1"]
    # filters
    assert [p.sku for p in client.get(BASE, {"status": "draft"}).context["products"]] == ["MUG-1"]
    assert [p.sku for p in client.get(BASE, {"brand": "Poll-Fabaire"}).context["products"]] == ["CRE-1"]
    assert [p.sku for p in client.get(BASE, {"category": wine.pk}).context["products"]] == [cheap.sku]
    assert [p.sku for p in client.get(BASE, {"stock": "out"}).context["products"]] == ["MUG-1"]
    # sorting
    assert [p.sku for p in client.get(BASE, {"sort": "price_asc"}).context["products"]] == ["MUG-1", "CRE-1", "RIE-1"]
    assert [p.sku for p in client.get(BASE, {"sort": "price_desc"}).context["products"]][0] == "RIE-1"
    # then unknown values are ignored instead of failing
    odd = client.get(BASE, {"status": "nope", "sort": "'; drop", "category": "x", "stock": "??"})
    assert odd.status_code == 200 and len(odd.context["products"]) == 3
    empty = client.get(BASE, {"q": "zzzzqqq"})
    assert empty.status_code == 200 and b"No products match these filters" in empty.content


def test_empty_catalog_invites_to_add_the_first_product(tenant_a):
    response = tenant_a.client(tenant_a.owner()).get(BASE)
    assert response.status_code == 200
    assert "No products yet — add your first product" in response.content.decode()


def test_pagination_clamps_bad_page_numbers(tenant_a):
    # given 30 products: two pages of 25
    for i in range(30):
        make_product(tenant_a, f"P-{i:02d}")
    client = tenant_a.client(tenant_a.owner())
    # then a page past the end shows the last page, garbage the first, never a 500
    assert client.get(BASE, {"page": "999"}).context["page"].number == 2
    assert client.get(BASE, {"page": "abc"}).context["page"].number == 1
    assert client.get(BASE, {"page": "-3"}).context["page"].number == 2
    assert len(client.get(BASE, {"page": "2"}).context["products"]) == 5


def test_product_list_query_count_stays_flat(tenant_a, queries):
    # given a list of 3 products, some with images and categories
    shoes = make_category(tenant_a, "Shoes")
    for i in range(3):
        make_product(tenant_a, f"Q-{i}", category_ids=None)
    with tenant_a:
        first = Product.objects.get(sku="Q-0")
        first.categories.add(shoes)
    client = tenant_a.client(tenant_a.owner())
    small = queries.of_get(client, BASE)

    # when the catalog grows to 30 products
    for i in range(3, 30):
        make_product(tenant_a, f"Q-{i}")
    big = queries.of_get(client, BASE)

    # then the page costs the same number of queries
    assert small.count == big.count, big.sql
    # search_path, session, user, membership, categories, brands, count, page, primary images
    assert big.count == 9, big.sql


# --- The product form -----------------------------------------------------------------------------


def test_create_product_through_the_form(tenant_a):
    wine = make_category(tenant_a, "Wine")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    form = client.get(f"{BASE}products/add/")
    assert form.status_code == 200
    # the store's language comes first among the tabs
    assert form.context["form"].languages[0][0] == tenant_a.store.language

    response = client.post(f"{BASE}products/add/", product_form_data(categories=[str(wine.pk)]))

    assert response.status_code == 302
    with tenant_a:
        product = Product.objects.get(sku="NEW-1")
        assert response["Location"] == f"{BASE}products/{product.pk}/"
        assert (product.title_en, product.title_fr, product.brand) == (
            "Crémant Brut",
            "Crémant brut",
            "Bernard-Massard",
        )
        assert product.price == Decimal("12.50") and product.vat_rate == Decimal("17.00")
        assert list(product.categories.values_list("pk", flat=True)) == [wine.pk]
        assert product.variants.get().inventory.quantity == 3


def test_edit_product_through_the_form(tenant_a):
    product = make_product(tenant_a, "EDIT-1", title="Old title", price="3.00")
    client = tenant_a.client(tenant_a.owner())
    page = client.get(f"{BASE}products/{product.pk}/")
    data = form_data(page, title_en="New title", title_de="Neuer Titel", price="4,20", is_featured="on")

    response = client.post(f"{BASE}products/{product.pk}/", data)

    assert response.status_code == 302
    with tenant_a:
        product.refresh_from_db()
        assert (product.title_en, product.title_de, product.price, product.is_featured) == (
            "New title",
            "Neuer Titel",
            Decimal("4.20"),
            True,
        )
        assert product.sku == "EDIT-1"


def test_duplicate_sku_is_shown_on_the_sku_field(tenant_a):
    make_product(tenant_a, "DUP-1")
    client = tenant_a.client(tenant_a.owner())

    response = client.post(f"{BASE}products/add/", product_form_data(sku="dup-1"))

    assert response.status_code == 400
    assert response.context["form"].errors["sku"] == ["This SKU is already used in this store."]
    assert b"This SKU is already used in this store." in response.content
    with tenant_a:
        assert Product.objects.filter(store_id=tenant_a.store.id).count() == 1


@pytest.mark.parametrize("price", ["-1", "1.999", "abc", "1e3000"])
def test_bad_prices_are_shown_on_the_form(tenant_a, price):
    client = tenant_a.client(tenant_a.owner())

    response = client.post(f"{BASE}products/add/", product_form_data(price=price))

    assert response.status_code == 400
    assert response.context["form"].errors["price"] == ["Enter an amount of 0 or more with at most two decimals."]
    with tenant_a:
        assert not Product.objects.filter(sku="NEW-1").exists()


def test_bad_price_on_edit_changes_nothing(tenant_a):
    product = make_product(tenant_a, "HALF-1", title="Keep", price="8.00")
    client = tenant_a.client(tenant_a.owner())

    page = client.get(f"{BASE}products/{product.pk}/")
    response = client.post(
        f"{BASE}products/{product.pk}/",
        form_data(page, sku="HALF-2", title_en="Changed", compare_at_price="-5", price="9.00"),
    )

    assert response.status_code == 400
    assert "compare_at_price" in response.context["form"].errors
    with tenant_a:
        product.refresh_from_db()
        assert (product.sku, product.title_en, product.price) == ("HALF-1", "Keep", Decimal("8.00"))


def test_a_title_is_required_in_some_language(tenant_a):
    client = tenant_a.client(tenant_a.owner())
    response = client.post(f"{BASE}products/add/", product_form_data(title_en="", title_fr=""))
    assert response.status_code == 400
    assert response.context["form"].errors[f"title_{tenant_a.store.language}"] == ["Enter a title."]


# --- CSV export -----------------------------------------------------------------------------------


def test_csv_export_has_one_row_per_variant_and_defuses_formulas(tenant_a):
    wine = make_category(tenant_a, "Wine")
    product = make_product(tenant_a, "CSV-1", title='=HYPERLINK("http://evil")', price="12.00", brand="+Brand", stock=4)
    with tenant_a:
        product.title_fr = "Vin blanc"
        product.save()
        product.categories.add(wine)
        services.variant_create(
            store=tenant_a.store, product=product, actor=None, sku="CSV-1-XL", barcode="@123", price="14.50", stock=2
        )

    response = tenant_a.client(tenant_a.member(Role.VIEWER)).get(f"{BASE}products/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["sku"] for r in rows] == ["CSV-1", "CSV-1-XL"]
    first, second = rows
    assert first["product_sku"] == "CSV-1" and second["product_sku"] == "CSV-1"
    assert first["title_en"] == '\'=HYPERLINK("http://evil")'
    assert first["title_fr"] == "Vin blanc"
    assert first["brand"] == "'+Brand"
    assert (first["status"], first["price"], first["vat_rate"], first["stock"]) == ("active", "12.00", "17.00", "4")
    assert (second["price"], second["stock"], second["barcode"]) == ("14.50", "2", "'@123")
    assert first["categories"] == "Wine"
