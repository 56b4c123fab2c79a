"""The catalog's store pages: products, bulk jobs, CSV export, images, variants, categories and
inventory, by role and across merchants."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from apps.catalog import limits, selectors, services
from apps.catalog.models import (
    Category,
    InventoryItem,
    OptionType,
    OptionValue,
    Product,
    ProductImage,
    StockMovement,
    Variant,
)
from apps.core.roles import Role
from apps.jobs.models import Job

BASE = "/store/ALPHA/catalog/"


def make_product(tenant, sku: str, *, title: str = "", price: str = "10.00", stock: int = 5, **data) -> Product:
    with tenant:
        return services.product_create(
            store=tenant.store,
            actor=None,
            data={"sku": sku, "title": {"en": title or f"Product {sku}"}, "price": price, "status": "active", **data},
            stock=stock,
        )


def make_category(tenant, name: str, parent: Category | None = None) -> Category:
    with tenant:
        return services.category_create(
            store=tenant.store, actor=None, name={"en": name}, parent_id=parent.pk if parent else None
        )


def product_form_data(**overrides) -> dict:
    data = {
        "sku": "NEW-1",
        "gtin": "",
        "brand": "Bernard-Massard",
        "status": "active",
        "price": "12.50",
        "compare_at_price": "",
        "cost_price": "",
        "vat_rate": "17.00",
        "weight_grams": "",
        "slug": "",
        "stock": "3",
        "title_en": "Crémant Brut",
        "title_fr": "Crémant brut",
        "description_en": "Fine bubbles.",
    }
    data.update(overrides)
    return data


def png_bytes(size=(20, 10), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


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


def test_product_list_query_count_stays_flat(tenant_a):
    def queries(client) -> tuple[int, list[str]]:
        client.get(BASE)  # warm the host cache and the session
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(BASE)
        assert response.status_code == 200
        return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]

    # given a list of 3 products, some with images and categories
    shoes = make_category(tenant_a, "Shoes")
    for i in range(3):
        make_product(tenant_a, f"Q-{i}", category_ids=None)
    with tenant_a:
        first = Product.objects.get(sku="Q-0")
        first.categories.add(shoes)
    client = tenant_a.client(tenant_a.owner())
    small, _ = queries(client)

    # when the catalog grows to 30 products
    for i in range(3, 30):
        make_product(tenant_a, f"Q-{i}")
    big, sql = queries(client)

    # then the page costs the same number of queries
    assert small == big, sql
    # search_path, session, user, membership, categories, brands, count, page, primary images
    assert big == 9, sql


# --- Roles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.OWNER, 200), (Role.MANAGER, 200), (Role.EDITOR, 200), (Role.VIEWER, 200), (Role.CASHIER, 200)],
)
def test_every_staff_role_and_cashier_can_look(tenant_a, role, status):
    product = make_product(tenant_a, "LOOK-1")
    client = tenant_a.client(tenant_a.member(role))
    for path in (BASE, f"{BASE}products/{product.pk}/", f"{BASE}categories/", f"{BASE}inventory/"):
        assert client.get(path).status_code == status, path


def test_viewer_sees_no_edit_controls_and_cannot_post(tenant_a):
    # given a viewer and a product
    product = make_product(tenant_a, "VIEW-1", price="5.00")
    client = tenant_a.client(tenant_a.member(Role.VIEWER))

    # when the viewer opens the product, then the form is read-only and offers no save
    page = client.get(f"{BASE}products/{product.pk}/")
    assert page.status_code == 200
    assert page.context["read_only"] is True
    assert b"Save product" not in page.content
    assert b"Add product" not in client.get(BASE).content

    # when the viewer posts anyway, then every write is refused
    assert client.post(f"{BASE}products/{product.pk}/", product_form_data(sku="VIEW-1")).status_code == 403
    assert client.get(f"{BASE}products/add/").status_code == 403
    assert client.post(f"{BASE}products/add/", product_form_data()).status_code == 403
    assert client.post(f"{BASE}products/bulk/", {"action": "archive", "ids": [product.pk]}).status_code == 403
    assert client.post(f"{BASE}products/{product.pk}/delete/").status_code == 403
    assert client.post(f"{BASE}categories/add/", {"name_en": "Nope"}).status_code == 403
    with tenant_a:
        variant_id = product.variants.get().pk
    adjust = client.post(f"{BASE}inventory/{variant_id}/adjust/", {"adjust-delta": "1", "adjust-reason": "received"})
    assert adjust.status_code == 403
    with tenant_a:
        product.refresh_from_db()
        assert product.price == Decimal("5.00")
        assert InventoryItem.objects.get(variant_id=variant_id).quantity == 5


def test_cashier_can_adjust_stock_but_not_edit_products(tenant_a):
    product = make_product(tenant_a, "CASH-1", stock=2)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = tenant_a.client(tenant_a.member(Role.CASHIER))

    response = client.post(
        f"{BASE}inventory/{variant_id}/adjust/",
        {"adjust-delta": "4", "adjust-reason": "received", "adjust-note": "Delivery 12"},
    )

    assert response.status_code == 302
    with tenant_a:
        assert InventoryItem.objects.get(variant_id=variant_id).quantity == 6
        movement = StockMovement.objects.filter(item__variant_id=variant_id, reason="received").latest("id")
        assert (movement.delta, movement.note, movement.actor_email) == (4, "Delivery 12", "cashier-alpha@m-alpha.test")
    assert client.post(f"{BASE}products/{product.pk}/", product_form_data(sku="CASH-1")).status_code == 403


def test_cost_price_is_hidden_from_cashiers_in_the_form_and_export(tenant_a):
    # given a product with a cost price
    product = make_product(tenant_a, "COST-1", cost_price="4.00")
    cashier = tenant_a.client(tenant_a.member(Role.CASHIER))
    viewer = tenant_a.client(tenant_a.member(Role.VIEWER))

    # when a viewer and a cashier open the product, then only the viewer sees the cost price
    seen = viewer.get(f"{BASE}products/{product.pk}/")
    assert "cost_price" in seen.context["form"].fields and b'name="cost_price"' in seen.content
    hidden = cashier.get(f"{BASE}products/{product.pk}/")
    assert hidden.status_code == 200
    assert "cost_price" not in hidden.context["form"].fields
    assert b"cost_price" not in hidden.content and b"Cost price" not in hidden.content

    # and only the viewer's export has the column
    def export(client):
        response = client.get(f"{BASE}products/export.csv")
        return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert export(viewer)[0]["cost_price"] == "4.00"
    rows = export(cashier)
    assert rows[0]["sku"] == "COST-1" and "cost_price" not in rows[0]


def test_editor_cannot_delete(tenant_a):
    product = make_product(tenant_a, "ED-1")
    category = make_category(tenant_a, "Keep")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))

    assert b"Delete product" not in client.get(f"{BASE}products/{product.pk}/").content
    assert client.post(f"{BASE}products/{product.pk}/delete/").status_code == 403
    assert client.post(f"{BASE}products/bulk/", {"action": "delete", "ids": [product.pk]}).status_code == 403
    assert client.post(f"{BASE}categories/{category.pk}/delete/").status_code == 403
    with tenant_a:
        assert Product.objects.filter(pk=product.pk).exists()
        assert Category.objects.filter(pk=category.pk).exists()


def test_manager_deletes_a_product(tenant_a):
    product = make_product(tenant_a, "DEL-1")
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    response = client.post(f"{BASE}products/{product.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == BASE
    assert any("was deleted" in m for m in messages_of(response))
    with tenant_a:
        assert not Product.objects.filter(pk=product.pk).exists()


def test_anonymous_is_sent_to_login(tenant_a):
    response = tenant_a.client().get(BASE)
    assert response.status_code == 302 and "/store/ALPHA/login/" in response["Location"]


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
    initial = client.get(f"{BASE}products/{product.pk}/").context["form"].initial
    data = {k: ("" if v is None else v) for k, v in initial.items() if k != "categories"}
    data.update(title_en="New title", title_de="Neuer Titel", price="4,20", is_featured="on")

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

    response = client.post(
        f"{BASE}products/{product.pk}/",
        product_form_data(sku="HALF-2", title_en="Changed", compare_at_price="-5", price="9.00"),
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


# --- Bulk actions ---------------------------------------------------------------------------------


def test_bulk_archive_runs_as_a_job(tenant_a, django_capture_on_commit_callbacks):
    # given three products, two of them selected
    a, b, c = (make_product(tenant_a, f"BULK-{i}") for i in range(3))
    client = tenant_a.client(tenant_a.owner())

    # when the bulk action is posted
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}products/bulk/", {"action": "archive", "ids": [a.pk, b.pk, "junk"]})

    # then a job ran and the page shows its progress
    assert response.status_code == 302
    with tenant_a:
        job = Job.objects.get(store_id=tenant_a.store.id)
        assert job.params == {"action": "archive", "params": {}, "product_ids": sorted([a.pk, b.pk])}
        assert (job.status, job.done, job.total, job.result) == ("done", 2, 2, {"changed": 2})
        assert set(Product.objects.filter(status="archived").values_list("sku", flat=True)) == {"BULK-0", "BULK-1"}
        assert Product.objects.get(pk=c.pk).status == "active"
    assert response["Location"] == f"{BASE}jobs/{job.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"2 of 2 done" in page.content
    partial = client.get(f"{BASE}jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in partial.content  # finished: polling stops
    assert b"<html" not in partial.content


def test_a_running_job_keeps_polling(tenant_a):
    with tenant_a:
        from apps.jobs.services import job_create

        job = job_create(store=tenant_a.store, kind="catalog.bulk_products", label="x", params={}, total=10)
    partial = tenant_a.client(tenant_a.owner()).get(f"{BASE}jobs/{job.pk}/progress/")
    assert b'hx-trigger="every 2s"' in partial.content


def test_bulk_price_change_and_category(tenant_a, django_capture_on_commit_callbacks):
    p = make_product(tenant_a, "PCT-1", price="10.00")
    sale = make_category(tenant_a, "Sale")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{BASE}products/bulk/", {"action": "price_percent", "percent": "-15", "ids": [p.pk]})
        client.post(f"{BASE}products/bulk/", {"action": "set_category", "category_id": sale.pk, "ids": [p.pk]})

    with tenant_a:
        p.refresh_from_db()
        assert p.price == Decimal("8.50")
        assert list(p.categories.all()) == [sale]


def test_bulk_on_all_matching_products(tenant_a, django_capture_on_commit_callbacks):
    for i in range(3):
        make_product(tenant_a, f"ALL-{i}", brand="Acme")
    make_product(tenant_a, "OTHER-1", brand="Other")
    client = tenant_a.client(tenant_a.owner())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{BASE}products/bulk/", {"action": "draft", "scope": "all", "brand": "Acme"})

    with tenant_a:
        assert set(Product.objects.filter(status="draft").values_list("sku", flat=True)) == {"ALL-0", "ALL-1", "ALL-2"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "price_percent", "percent": "-100"}, "Enter a change between -99.99 % and +1000 %, not 0."),
        ({"action": "price_percent", "percent": "abc"}, "Enter a change between -99.99 % and +1000 %, not 0."),
        ({"action": "set_category", "category_id": "999999"}, "Choose a category."),
        ({"action": "explode"}, "Choose a bulk action."),
        ({"action": "archive", "ids_": "1"}, "Select at least one product."),
    ],
)
def test_bulk_refuses_bad_input_without_a_job(tenant_a, data, message):
    product = make_product(tenant_a, "BAD-1")
    data = {"ids": [product.pk], **data}
    if "ids_" in data:
        data = {"action": data["action"]}
    response = tenant_a.client(tenant_a.owner()).post(f"{BASE}products/bulk/", data, follow=True)
    assert response.status_code == 200
    assert message in messages_of(response)
    with tenant_a:
        assert not Job.objects.exists()


def test_bulk_ignores_other_merchants_ids(tenant_a, tenant_b, django_capture_on_commit_callbacks):
    theirs = make_product(tenant_b, "B-1")
    with django_capture_on_commit_callbacks(execute=True):
        response = tenant_a.client(tenant_a.owner()).post(
            f"{BASE}products/bulk/", {"action": "archive", "ids": [theirs.pk]}, follow=True
        )
    assert "Select at least one product." in messages_of(response)
    with tenant_b:
        assert Product.objects.get(pk=theirs.pk).status == "active"


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


# --- Images ---------------------------------------------------------------------------------------


def test_upload_images_reorder_primary_alt_and_delete(tenant_a, django_capture_on_commit_callbacks):
    product = make_product(tenant_a, "IMG-1")
    client = tenant_a.client(tenant_a.owner())
    url = f"{BASE}products/{product.pk}/images/"

    # when two images are uploaded at once (by the page's script)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "images": [
                    SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
                    SimpleUploadedFile("b.png", png_bytes(color=(0, 0, 255)), content_type="image/png"),
                ]
            },
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
    # then both are stored, the first is primary, and the script is told where to go
    assert response.status_code == 200
    assert response.json() == {"location": f"{BASE}products/{product.pk}/#images"}
    with tenant_a:
        first, second = ProductImage.objects.filter(product=product).order_by("position")
        assert first.is_primary and not second.is_primary
        assert first.status == "ready"  # the renditions task ran
    page = client.get(f"{BASE}products/{product.pk}/")
    assert "2 images added." in messages_of(page)

    # when the second image moves up, gets alt texts and becomes primary
    client.post(f"{url}{second.pk}/move/up/")
    client.post(f"{url}{second.pk}/", {"alt_text_en": "Blue", "alt_text_fr": "Bleu"})
    client.post(f"{url}{second.pk}/", {"primary": "1"})
    with tenant_a:
        ordered = list(ProductImage.objects.filter(product=product).order_by("position"))
        assert [i.pk for i in ordered] == [second.pk, first.pk]
        assert ordered[0].is_primary and not ordered[1].is_primary
        assert (ordered[0].alt_text_en, ordered[0].alt_text_fr) == ("Blue", "Bleu")

    # when an image is deleted
    client.post(f"{url}{first.pk}/delete/")
    with tenant_a:
        assert list(ProductImage.objects.filter(product=product).values_list("pk", flat=True)) == [second.pk]


def test_a_text_file_named_jpg_is_refused_with_a_message(tenant_a):
    product = make_product(tenant_a, "IMG-2")
    client = tenant_a.client(tenant_a.owner())

    response = client.post(
        f"{BASE}products/{product.pk}/images/",
        {"images": [SimpleUploadedFile("photo.jpg", b"this is not an image", content_type="image/jpeg")]},
        follow=True,
    )

    assert response.status_code == 200
    assert any(m.startswith("photo.jpg: ") and "not an image" in m for m in messages_of(response))
    with tenant_a:
        assert not ProductImage.objects.filter(product=product).exists()


def test_uploading_past_the_image_bound_says_what_was_left_out(tenant_a, monkeypatch):
    # given a product with room for one more image
    monkeypatch.setattr(limits, "MAX_IMAGES_PER_PRODUCT", 2)
    product = make_product(tenant_a, "IMG-FULL")
    client = tenant_a.client(tenant_a.owner())
    url = f"{BASE}products/{product.pk}/images/"
    client.post(url, {"images": [SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")]})

    # when three more are uploaded at once
    files = [SimpleUploadedFile(f"{n}.png", png_bytes(color=(n, 0, 0)), content_type="image/png") for n in (1, 2, 3)]
    response = client.post(url, {"images": files}, follow=True)

    # then one is added and the page says two were not, and why; the upload form gives way to a note
    assert response.status_code == 200
    assert "1 image added." in messages_of(response)
    assert "2 images were not added: a product can have at most 2 images." in messages_of(response)
    assert b'id="upload-form"' not in response.content
    assert b"the most images a product can have (2)" in response.content
    with tenant_a:
        assert ProductImage.objects.filter(product=product).count() == 2


# --- Variants -------------------------------------------------------------------------------------


def test_variants_add_edit_delete(tenant_a):
    product = make_product(tenant_a, "TEE")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    add = f"{BASE}products/{product.pk}/variants/add/"

    response = client.post(
        add,
        {
            "sku": "TEE-XL",
            "barcode": "5412345000013",
            "price": "21.00",
            "stock": "7",
            "option_0_name": "Size",
            "option_0_value": "XL",
            "option_1_name": "Colour",
            "option_1_value": "Red",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    with tenant_a:
        variant = Variant.objects.get(sku="TEE-XL")
        assert variant.price == Decimal("21.00") and variant.inventory.quantity == 7
        assert sorted(str(v.value) for v in variant.option_values.all()) == ["Red", "XL"]

    # a duplicate SKU is refused on the field
    dup = client.post(add, {"sku": "tee", "price": ""})
    assert dup.status_code == 400 and dup.context["form"].errors["sku"]
    # half an option is refused
    half = client.post(add, {"sku": "TEE-S", "option_0_name": "Size"})
    assert half.status_code == 400 and half.context["form"].errors["option_0_value"]

    edit = client.post(
        f"{BASE}products/{product.pk}/variants/{variant.pk}/",
        {"sku": "TEE-XXL", "barcode": "", "price": "", "option_0_name": "Size", "option_0_value": "XXL"},
    )
    assert edit.status_code == 302
    with tenant_a:
        variant.refresh_from_db()
        assert (variant.sku, variant.price) == ("TEE-XXL", None)
        assert [str(v.value) for v in variant.option_values.all()] == ["XXL"]

    client.post(f"{BASE}products/{product.pk}/variants/{variant.pk}/delete/")
    with tenant_a:
        last = product.variants.get()
    # the last variant stays, with a message
    refused = client.post(f"{BASE}products/{product.pk}/variants/{last.pk}/delete/", follow=True)
    assert "A product needs at least one variant." in messages_of(refused)
    with tenant_a:
        assert list(product.variants.values_list("sku", flat=True)) == ["TEE"]


def test_variant_form_reuses_options_whatever_their_case(tenant_a, monkeypatch):
    # given an option Size with the value XL, in English and French
    product = make_product(tenant_a, "CAP")
    with tenant_a:
        size = services.option_type_create(
            store=tenant_a.store, actor=None, name={"en": "Size", "fr": "Taille"}, values=[{"en": "XL"}]
        )
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    add = f"{BASE}products/{product.pk}/variants/add/"

    # when a variant names it in other cases or its French name
    response = client.post(add, {"sku": "CAP-XL", "option_0_name": "taille", "option_0_value": "xl"})

    # then the variant takes the existing value and no option is added
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    with tenant_a:
        assert list(Variant.objects.get(sku="CAP-XL").option_values.all()) == [size.values.get()]
        assert OptionType.objects.count() == 1 and OptionValue.objects.count() == 1

    # when the store cannot take another option, the form says so
    monkeypatch.setattr(limits, "MAX_OPTION_TYPES_PER_STORE", 1)
    full = client.post(add, {"sku": "CAP-RED", "option_0_name": "Colour", "option_0_value": "Red"})
    assert full.status_code == 400
    assert full.context["form"].non_field_errors() == ["A store can have at most 1 option."]
    with tenant_a:
        assert not Variant.objects.filter(sku="CAP-RED").exists()


def test_adding_a_variant_past_the_bound_is_a_form_error(tenant_a, monkeypatch):
    monkeypatch.setattr(limits, "MAX_VARIANTS_PER_PRODUCT", 1)
    product = make_product(tenant_a, "VAR-FULL")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))

    page = client.get(f"{BASE}products/{product.pk}/")
    assert b"variants/add/" not in page.content and b"the most variants a product can have (1)" in page.content
    response = client.post(f"{BASE}products/{product.pk}/variants/add/", {"sku": "VAR-FULL-2", "price": ""})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["A product can have at most 1 variant."]
    with tenant_a:
        assert product.variants.count() == 1


# --- Categories -----------------------------------------------------------------------------------


def test_categories_create_move_hide_and_delete(tenant_a):
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    assert b"No categories yet" in client.get(f"{BASE}categories/").content

    # when categories are added, one inside another
    for names in ({"name_en": "Wine", "name_fr": "Vin"}, {"name_en": "Gifts"}):
        assert client.post(f"{BASE}categories/add/", {**names, "parent": ""}).status_code == 302
    with tenant_a:
        wine, gifts = Category.objects.order_by("position")
    client.post(f"{BASE}categories/add/", {"name_en": "Red", "parent": wine.pk})
    with tenant_a:
        red = Category.objects.get(name_en="Red")
        assert (red.parent_id, wine.name_fr) == (wine.pk, "Vin")

    # then the tree shows the child indented under its parent
    rows = client.get(f"{BASE}categories/").context["rows"]
    assert [(r["category"].name_en, r["depth"]) for r in rows] == [("Wine", 0), ("Red", 1), ("Gifts", 0)]

    # when Gifts moves up, Wine is hidden, and Wine is deleted
    client.post(f"{BASE}categories/{gifts.pk}/up/")
    client.post(f"{BASE}categories/{wine.pk}/toggle/")
    with tenant_a:
        assert list(Category.objects.filter(parent=None).order_by("position").values_list("name_en", flat=True)) == [
            "Gifts",
            "Wine",
        ]
        assert Category.objects.get(pk=wine.pk).is_active is False
    client.post(f"{BASE}categories/{wine.pk}/delete/")
    with tenant_a:
        assert not Category.objects.filter(pk=wine.pk).exists()
        assert Category.objects.get(pk=red.pk).parent_id is None  # children move up


def test_category_errors_are_shown(tenant_a):
    parent = make_category(tenant_a, "Parent")
    child = make_category(tenant_a, "Child", parent=parent)
    client = tenant_a.client(tenant_a.owner())

    nameless = client.post(f"{BASE}categories/add/", {"name_en": " ", "parent": ""})
    assert nameless.status_code == 400
    assert nameless.context["form"].errors[f"name_{tenant_a.store.language}"] == ["Enter a name."]

    # a category cannot move inside its own child: the choice is not even offered
    cycle = client.post(f"{BASE}categories/{parent.pk}/", {"name_en": "Parent", "parent": child.pk, "is_active": "on"})
    assert cycle.status_code == 400 and cycle.context["form"].errors["parent"]

    renamed = client.post(f"{BASE}categories/{child.pk}/", {"name_en": "Kid", "name_de": "Kind", "parent": parent.pk})
    assert renamed.status_code == 302
    with tenant_a:
        child.refresh_from_db()
        assert (child.name_en, child.name_de, child.is_active) == ("Kid", "Kind", False)


def test_adding_a_category_past_the_bound_is_a_form_error(tenant_a, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CATEGORIES_PER_STORE", 1)
    make_category(tenant_a, "Only")
    client = tenant_a.client(tenant_a.owner())

    response = client.post(f"{BASE}categories/add/", {"name_en": "More", "parent": ""})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["A store can have at most 1 category."]
    assert "A store can have at most 1 category." in response.content.decode()
    with tenant_a:
        assert Category.objects.count() == 1


# --- Inventory ------------------------------------------------------------------------------------


def test_inventory_list_search_and_low_stock(tenant_a):
    make_product(tenant_a, "INV-LOTS", title="Plenty", stock=50)
    make_product(tenant_a, "INV-FEW", title="Scarce", stock=2)
    client = tenant_a.client(tenant_a.member(Role.CASHIER))

    assert {i.variant.sku for i in client.get(f"{BASE}inventory/").context["items"]} == {"INV-LOTS", "INV-FEW"}
    assert [i.variant.sku for i in client.get(f"{BASE}inventory/", {"low": "on"}).context["items"]] == ["INV-FEW"]
    assert [i.variant.sku for i in client.get(f"{BASE}inventory/low/").context["items"]] == ["INV-FEW"]
    assert [i.variant.sku for i in client.get(f"{BASE}inventory/", {"q": "lots"}).context["items"]] == ["INV-LOTS"]


def test_stock_cannot_go_below_zero(tenant_a):
    product = make_product(tenant_a, "NEG-1", stock=3)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = tenant_a.client(tenant_a.owner())

    response = client.post(f"{BASE}inventory/{variant_id}/adjust/", {"adjust-delta": "-5", "adjust-reason": "damaged"})

    assert response.status_code == 400
    assert response.context["adjust_form"].errors["delta"] == ["Only 3 in stock: this would take it below zero."]
    with tenant_a:
        assert InventoryItem.objects.get(variant_id=variant_id).quantity == 3
        assert not StockMovement.objects.filter(item__variant_id=variant_id, reason="damaged").exists()


def test_stock_count_settings_and_ledger(tenant_a):
    product = make_product(tenant_a, "CNT-1", stock=3)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    item_url = f"{BASE}inventory/{variant_id}/"

    assert client.post(f"{item_url}count/", {"count-quantity": "11", "count-note": "Yearly count"}).status_code == 302
    settings = client.post(
        f"{item_url}settings/", {"settings-bin_location": "A-3", "settings-low_stock_threshold": "2"}
    )
    assert settings.status_code == 302
    bad = client.post(f"{item_url}count/", {"count-quantity": "-1"})
    assert bad.status_code == 400 and bad.context["count_form"].errors["quantity"]
    zero = client.post(f"{item_url}adjust/", {"adjust-delta": "0", "adjust-reason": "received"})
    assert zero.status_code == 400 and zero.context["adjust_form"].errors["delta"]

    with tenant_a:
        item = InventoryItem.objects.get(variant_id=variant_id)
        assert (item.quantity, item.bin_location, item.low_stock_threshold) == (11, "A-3", 2)
    page = client.get(item_url)
    assert [(m.delta, m.reason) for m in page.context["movements"]][0] == (8, "count")
    ledger = client.get(f"{BASE}inventory/ledger/")
    assert ledger.status_code == 200 and b"Yearly count" in ledger.content


def test_list_quick_adjust_returns_to_the_list(tenant_a):
    product = make_product(tenant_a, "QUICK-1", stock=1)
    with tenant_a:
        variant_id = product.variants.get().pk
    response = tenant_a.client(tenant_a.owner()).post(
        f"{BASE}inventory/{variant_id}/adjust/",
        {"adjust-delta": "2", "adjust-reason": "returned", "next": f"{BASE}inventory/?q=quick"},
    )
    assert response["Location"] == f"{BASE}inventory/?q=quick"
    evil = tenant_a.client(tenant_a.owner()).post(
        f"{BASE}inventory/{variant_id}/adjust/",
        {"adjust-delta": "1", "adjust-reason": "returned", "next": "https://evil.example/"},
    )
    assert evil["Location"] == f"{BASE}inventory/{variant_id}/"
    with tenant_a:
        assert selectors.variant_get(store=tenant_a.store, variant_id=variant_id).inventory.quantity == 4


# --- Isolation ------------------------------------------------------------------------------------


def test_another_merchants_objects_are_404_on_its_own_domain(tenant_a, tenant_b):
    # given a product, image-less variant and category of merchant A
    product = make_product(tenant_a, "SECRET-1")
    category = make_category(tenant_a, "Secret")
    with tenant_a:
        variant_id = product.variants.get().pk
    # when B's owner uses A's ids on B's domain and store
    client = tenant_b.client(tenant_b.owner())
    base = "/store/BETA/catalog/"
    for path in (
        f"{base}products/{product.pk}/",
        f"{base}products/{product.pk}/variants/add/",
        f"{base}categories/{category.pk}/",
        f"{base}inventory/{variant_id}/",
    ):
        assert client.get(path).status_code == 404, path
    for path, data in (
        (f"{base}products/{product.pk}/", product_form_data(sku="HACK")),
        (f"{base}products/{product.pk}/delete/", {}),
        (f"{base}products/{product.pk}/images/", {}),
        (f"{base}categories/{category.pk}/delete/", {}),
        (f"{base}inventory/{variant_id}/adjust/", {"adjust-delta": "5", "adjust-reason": "received"}),
    ):
        assert client.post(path, data).status_code == 404, path
    # then A's data is untouched, and B's list does not show it
    assert client.get(base).context["page"].paginator.count == 0
    with tenant_a:
        assert Product.objects.get(pk=product.pk).sku == "SECRET-1"
        assert InventoryItem.objects.get(variant_id=variant_id).quantity == 5


def test_another_store_of_the_same_merchant_is_separate(tenant_a):
    product = make_product(tenant_a, "STORE1-1")
    second = tenant_a.stores["ALPHA2"]
    client = tenant_a.client(tenant_a.owner(), host=second.subdomain)
    assert client.get(f"/store/ALPHA2/catalog/products/{product.pk}/").status_code == 404
    assert client.get("/store/ALPHA2/catalog/").context["page"].paginator.count == 0


def test_odd_urls_and_input_never_give_a_500(tenant_a):
    product = make_product(tenant_a, "ODD-1")
    client = tenant_a.client(tenant_a.owner())
    huge = "9" * 25
    for path in (
        f"{BASE}products/{huge}/",
        f"{BASE}products/{product.pk}/variants/{huge}/",
        f"{BASE}categories/{huge}/",
        f"{BASE}inventory/{huge}/",
        f"{BASE}jobs/{huge}/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{BASE}products/{product.pk}/images/{huge}/move/up/").status_code == 302
    assert client.post(f"{BASE}products/{product.pk}/images/1/move/sideways/").status_code == 302
    assert client.post(f"{BASE}categories/{huge}/up/").status_code == 404
    assert client.post(f"{BASE}products/{product.pk}/images/").status_code == 302  # no file chosen
    odd = client.post(f"{BASE}products/add/", product_form_data(weight_grams="-4", vat_rate="99", status="gone"))
    assert odd.status_code == 400
    assert {"weight_grams", "vat_rate", "status"} <= set(odd.context["form"].errors)
    assert client.get(BASE, {"page": huge, "category": huge}).status_code == 200
