"""The catalog feed a store publishes for Letzshop: its rows, who can read it, and its caching."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.catalog import services as catalog
from apps.marketplace.models import LetzshopConnection
from apps.marketplace.selectors import export_count
from apps.marketplace.services.export import COLUMNS, export_feed_token, export_token_rotate
from apps.tenancy.models import Domain, Store
from apps.tenancy.services import module_set_enabled

from ..catalog.factories import fake_image
from .export_helpers import feed_path, plain, read, shirt

pytestmark = pytest.mark.django_db


def _feed(tenant, lang="fr", ext="tsv", **extra):
    with tenant:
        path = feed_path(tenant.store, lang, ext)
    response = tenant.client().get(path, **extra)
    assert response.status_code == 200, response.status_code
    return response


def test_url_name_and_plain_text_with_header_row(tenant_a):
    with tenant_a:
        shirt(tenant_a.store)
        token = export_feed_token(store=tenant_a.store)
    assert (
        reverse("storefront:letzshop_feed", kwargs={"token": token, "lang": "fr"}) == f"/feeds/letzshop/{token}/fr.tsv"
    )
    response = _feed(tenant_a)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "private" in response["Cache-Control"]
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].split("\t") == list(COLUMNS)


def test_rows_of_a_product_with_colours_and_sizes(tenant_a):
    with tenant_a:
        product = shirt(tenant_a.store)
    rows = read(_feed(tenant_a, "fr"))
    assert [row["id"] for row in rows] == ["SHIRT-BLUE", "SHIRT-RED"]
    blue, red = rows
    assert blue["item_group_id"] == red["item_group_id"] == "SHIRT"
    assert blue["title"] == "Chemise en lin"
    assert blue["description"] == "Du lin doux."
    assert (blue["color"], blue["size"], red["color"]) == ("Bleu", "M", "Rouge")
    assert (blue["availability"], red["availability"]) == ("in stock", "out of stock")
    assert (blue["price"], blue["sale_price"]) == ("40.00 EUR", "")
    assert (blue["gtin"], red["gtin"]) == ("SHIRT-BLUE-EAN", "4006381333931")
    assert (blue["mpn"], blue["brand"], blue["condition"]) == ("SHIRT-BLUE", "Atelier", "new")
    assert blue["shipping_weight"] == "250 g"
    assert blue["link"] == f"http://{tenant_a.host}/p/{product.slug}/?lang=fr"
    english = read(_feed(tenant_a, "en"))
    assert (english[0]["title"], english[0]["color"]) == ("Linen shirt", "Blue")


def test_a_text_missing_in_the_language_falls_back_to_the_store_language(tenant_a):
    Store.objects.filter(pk=tenant_a.store.pk).update(language="fr")
    with tenant_a:
        shirt(tenant_a.store)
    rows = read(_feed(tenant_a, "de"))
    assert rows[0]["title"] == "Chemise en lin"  # not the English one modeltranslation falls back to


def test_compare_at_price_makes_the_price_the_sale_price(tenant_a):
    with tenant_a:
        shirt(tenant_a.store, compare_at_price="55.00")
        plain(tenant_a.store, "CHEAP", compare_at_price="5.00")  # below the price: no sale
    rows = {row["id"]: row for row in read(_feed(tenant_a))}
    assert (rows["SHIRT-BLUE"]["price"], rows["SHIRT-BLUE"]["sale_price"]) == ("55.00 EUR", "40.00 EUR")
    assert (rows["CHEAP"]["price"], rows["CHEAP"]["sale_price"]) == ("10.00 EUR", "")
    assert rows["CHEAP"]["item_group_id"] == ""


def test_only_active_products(tenant_a):
    with tenant_a:
        plain(tenant_a.store, "LIVE")
        plain(tenant_a.store, "DRAFTED", status="draft")
        plain(tenant_a.store, "GONE", status="archived")
        assert export_count(store=tenant_a.store) == {"products": 1, "rows": 1}
    assert [row["id"] for row in read(_feed(tenant_a))] == ["LIVE"]


def test_absolute_urls_on_the_store_canonical_domain_with_images_and_category(tenant_a):
    Domain.objects.create(
        domain="shop-alpha.lu",
        tenant=tenant_a.merchant,
        store=tenant_a.store,
        kind=Domain.Kind.CUSTOM,
        status=Domain.Status.ACTIVE,
    )
    with tenant_a:
        parent = catalog.category_create(store=tenant_a.store, actor=None, name={"en": "Clothes", "fr": "Vêtements"})
        child = catalog.category_create(
            store=tenant_a.store, actor=None, name={"en": "Shirts", "fr": "Chemises"}, parent_id=parent.pk
        )
        product = plain(tenant_a.store, "LAMP", category_ids=[child.pk])
        fake_image(product, primary=False, position=1)
        fake_image(product, primary=True, position=2)
    [row] = read(_feed(tenant_a))
    assert row["link"] == f"http://shop-alpha.lu/p/{product.slug}/?lang=fr"
    assert row["image_link"].startswith("http://shop-alpha.lu/")
    assert row["image_link"].endswith("/tok2/large.jpg")  # the primary image first, its rendition
    assert row["additional_image_link"].endswith("/tok1/large.jpg")
    assert row["product_type"] == "Vêtements > Chemises"


def test_comma_separated_too(tenant_a):
    with tenant_a:
        plain(tenant_a.store, "CSV", title={"en": "Lamp, large"})
    rows = read(_feed(tenant_a, "en", "csv"), delimiter=",")
    assert rows[0]["title"] == "Lamp, large"


@pytest.mark.parametrize("lang", ["xx", "lb", "FR"])
def test_unknown_language_is_not_found(tenant_a, lang):
    with tenant_a:
        path = feed_path(tenant_a.store, lang)
    assert tenant_a.client().get(path).status_code == 404


def test_wrong_token_or_another_store_token_is_not_found(tenant_a):
    other = tenant_a.stores["ALPHA2"]
    with tenant_a:
        own = feed_path(tenant_a.store)
        of_other_store = feed_path(other)
    client = tenant_a.client()
    assert client.get(own).status_code == 200
    assert client.get(own.replace("/letzshop/", "/letzshop/x")).status_code == 404
    assert client.get(of_other_store).status_code == 404  # ALPHA2's token on ALPHA's domain


def test_another_merchant_token_is_not_found(tenant_a, tenant_b):
    with tenant_b:
        b_path = feed_path(tenant_b.store)
    with tenant_a:
        plain(tenant_a.store, "SECRET")
    response = tenant_a.client().get(b_path)
    assert response.status_code == 404
    assert tenant_b.client().get(b_path).status_code == 200


def test_no_feed_before_the_store_has_a_token(tenant_a):
    with tenant_a:
        assert not LetzshopConnection.objects.exists()
    assert tenant_a.client().get("/feeds/letzshop/anything/fr.tsv").status_code == 404


def test_disabled_module_is_not_found(tenant_a):
    with tenant_a:
        path = feed_path(tenant_a.store)
    module_set_enabled(actor=None, merchant=tenant_a.merchant, code="marketplace", enabled=False)
    assert tenant_a.client().get(path).status_code == 404


def test_304_while_nothing_changed(tenant_a):
    with tenant_a:
        product = plain(tenant_a.store, "POLL")
    first = _feed(tenant_a)
    etag = first["ETag"]
    assert first["Last-Modified"]
    with tenant_a:
        path = feed_path(tenant_a.store)
    client = tenant_a.client()
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with tenant_a:
        catalog.stock_adjust(store=tenant_a.store, variant_id=product.variants.get().pk, delta=2, reason="received")
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_rotation_invalidates_the_old_url(tenant_a):
    with tenant_a:
        old = feed_path(tenant_a.store)
        export_token_rotate(store=tenant_a.store, actor=tenant_a.owner())
        new = feed_path(tenant_a.store)
    assert old != new
    client = tenant_a.client()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def _stream_queries(tenant, queries, start, count):
    with tenant:
        for n in range(start, start + count):
            shirt(tenant.store, sku=f"S{n:03d}") if n % 10 == 0 else plain(tenant.store, f"P{n:03d}")
        path = feed_path(tenant.store)
    client = tenant.client()
    client.get(path)  # warms the host lookup
    with queries.capture() as captured:
        response = client.get(path)
        rows = read(response)
    return captured.count, len(rows)


def test_query_count_does_not_grow_with_the_products(tenant_a, queries):
    few, few_rows = _stream_queries(tenant_a, queries, 0, 3)
    with tenant_a:
        catalog_products = export_count(store=tenant_a.store)["products"]
    assert catalog_products == 3
    many, many_rows = _stream_queries(tenant_a, queries, 3, 27)  # 30 products in all
    assert many_rows > few_rows
    assert many == few, (few, many)
