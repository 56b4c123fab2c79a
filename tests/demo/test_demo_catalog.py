"""demo_catalog gives a store a believable catalogue through the catalog's services, and a second
run adds nothing. The demo stores of demo_load do not exist in tests: the command takes any store
code, so these tests fill the test merchant's store ALPHA."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

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
from apps.catalog.pricing import VatRate
from apps.demo.catalog.spec import gtin_valid


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def demo_catalog(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_catalog", *args, stdout=out)
    return out.getvalue()


def counts(store) -> dict[str, int]:
    return {
        "products": Product.objects.filter(store_id=store.id).count(),
        "variants": Variant.objects.filter(store_id=store.id).count(),
        "inventory": InventoryItem.objects.filter(variant__store_id=store.id).count(),
        "movements": StockMovement.objects.filter(item__variant__store_id=store.id).count(),
        "images": ProductImage.objects.filter(product__store_id=store.id).count(),
        "categories": Category.objects.filter(store_id=store.id).count(),
        "option_types": OptionType.objects.filter(store_id=store.id).count(),
        "option_values": OptionValue.objects.filter(option_type__store_id=store.id).count(),
    }


def test_fashion_catalogue_for_one_store(tenant_a):
    # given the test merchant's store, without products
    store = tenant_a.store

    # when five fashion products are loaded, renditions made at once
    output = demo_catalog("--stores", "ALPHA", "--kind", "fashion", "--products", "5", "--renditions")

    # then it said what it was doing, and the store has five products, each with texts, variants,
    # stock and ready pictures
    assert "Loading the demo catalogue: 5 products in 1 store (ALPHA)" in output
    assert "ALPHA: 5/5 products" in output
    assert "ALPHA: 5 products added" in output
    with tenant_a:
        assert counts(store)["products"] == 5
        assert Category.objects.filter(store_id=store.id, parent=None, name_en="Women", name_fr="Femme").exists()
        colour = OptionType.objects.get(store_id=store.id, name_en="Colour")
        assert colour.name_fr == "Couleur"
        for product in Product.objects.filter(store_id=store.id).prefetch_related("variants__option_values"):
            assert product.title_en and product.title_fr and product.description_fr
            assert product.vat_rate == VatRate.STANDARD and product.price > Decimal("0")
            assert product.search_vector is not None
            assert product.categories.exists()
            variants = list(product.variants.all())
            assert len(variants) >= 2  # colour x size
            assert {o.option_type_id for v in variants for o in v.option_values.all()} == {
                t.pk for t in product.option_types.all()
            }
            assert all(InventoryItem.objects.filter(variant=v).exists() for v in variants)
            assert all(gtin_valid(v.barcode) for v in variants if v.barcode)
            images = list(product.images.all())
            assert 1 <= len(images) <= 3
            assert sum(i.is_primary for i in images) == 1
            for image in images:
                assert (image.width, image.height) == (800, 800)
                assert image.status == ProductImage.Status.READY
                assert image.alt_text_en and image.alt_text_fr
                assert set(image.renditions) == {"thumbnail", "small", "medium", "large"}
                assert default_storage.exists(image.renditions["thumbnail"]["webp"])
        # stock went through the ledger: every unit on hand was received
        for item in InventoryItem.objects.filter(variant__store_id=store.id):
            movements = StockMovement.objects.filter(item=item)
            assert sum(m.delta for m in movements) == item.quantity
        assert StockMovement.objects.filter(item__variant__store_id=store.id, reason="received").exists()


def test_second_run_adds_nothing(tenant_a):
    # given a store that already got its demo catalogue
    store = tenant_a.store
    demo_catalog("--stores", "ALPHA", "--kind", "fashion", "--products", "5")
    with tenant_a:
        before = counts(store)

    # when the command runs again
    output = demo_catalog("--stores", "ALPHA", "--kind", "fashion", "--products", "5")

    # then nothing is duplicated
    assert "ALPHA: 0 products added" in output and "5 already there" in output
    with tenant_a:
        assert counts(store) == before


def test_more_products_later_adds_only_the_missing_ones(tenant_a):
    # given a store with the first three demo products
    store = tenant_a.store
    demo_catalog("--stores", "ALPHA", "--kind", "electronics", "--products", "3")
    with tenant_a:
        first = set(Product.objects.filter(store_id=store.id).values_list("sku", flat=True))

    # when five are asked for
    demo_catalog("--stores", "ALPHA", "--kind", "electronics", "--products", "5")

    # then the same three are kept and two are added
    with tenant_a:
        skus = set(Product.objects.filter(store_id=store.id).values_list("sku", flat=True))
    assert first < skus and len(skus) == 5


def test_books_are_super_reduced_vat_with_isbn(tenant_a):
    # when printed books are loaded
    demo_catalog("--stores", "ALPHA", "--kind", "books", "--products", "4")

    # then they carry 3 % VAT, an ISBN-13 as SKU and GTIN, and their author as brand
    with tenant_a:
        for product in Product.objects.filter(store_id=tenant_a.store.id):
            assert product.vat_rate == VatRate.SUPER_REDUCED
            assert product.gtin.startswith("978") and gtin_valid(product.gtin) and product.sku == product.gtin
            assert product.brand


def test_other_stores_are_left_alone(tenant_a, tenant_b):
    # when one store of the merchant is filled
    demo_catalog("--stores", "ALPHA", "--products", "2")

    # then its sister store and another merchant's store have nothing
    with tenant_a:
        assert counts(tenant_a.stores["ALPHA2"])["products"] == 0
    with tenant_b:
        assert counts(tenant_b.store)["products"] == 0


def test_unknown_store_is_refused(db):
    with pytest.raises(CommandError, match="NOPE"):
        demo_catalog("--stores", "NOPE")
