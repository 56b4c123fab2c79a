from decimal import Decimal

import pytest

from apps.catalog import limits, selectors, services
from apps.catalog.models import Category, InventoryItem, Product, Variant
from apps.catalog.pricing import price_excl, vat_included
from apps.core.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from apps.core.models import AuditEvent

from .factories import product


def test_create_product_with_default_variant_and_stock(tenant_a):
    with tenant_a:
        p = product(tenant_a.store, sku="ABC-1", title={"en": "Kettle", "fr": "Bouilloire"}, price="39.90", stock=4)
        variant = p.variants.get()
        assert variant.sku == "ABC-1" and variant.effective_price == Decimal("39.90")
        assert variant.inventory.quantity == 4
        opening = variant.inventory.movements.get()
        assert (opening.delta, opening.reason) == (4, "received")  # opening stock is in the ledger
        assert p.slug == "kettle"
        assert p.published_at is not None


@pytest.mark.parametrize("price", ["-1", "1.999", "abc", "NaN", "Infinity", "1e20", ""])
def test_bad_prices_are_refused(tenant_a, price):
    with tenant_a, pytest.raises(ValidationFailed) as excinfo:
        product(tenant_a.store, price=price)
    assert "price" in excinfo.value.fields
    with tenant_a:
        assert not Product.objects.exists()


def test_duplicate_sku_is_refused_case_insensitively(tenant_a):
    with tenant_a:
        product(tenant_a.store, sku="DUP-1")
        with pytest.raises(Conflict) as excinfo:
            product(tenant_a.store, sku="dup-1")
        assert excinfo.value.code == "sku_taken"
        assert Product.objects.count() == 1


def test_same_sku_in_another_store_of_the_merchant_is_fine(tenant_a):
    with tenant_a:
        product(tenant_a.store, sku="SHARED")
        product(tenant_a.stores["ALPHA2"], sku="SHARED")
        assert Product.objects.filter(sku="SHARED").count() == 2


def test_title_needed_in_some_language(tenant_a):
    with tenant_a, pytest.raises(ValidationFailed):
        product(tenant_a.store, title={"en": ""})


def test_texts_come_by_language_and_errors_name_the_language(tenant_a):
    with tenant_a:
        store = tenant_a.store
        # given a product titled in two languages
        p = product(store, title={"en": "Lamp", "fr": "Lampe"})

        # when a third language is given, the others stay
        services.product_update(store=store, product=p, actor=None, data={"title": {"de": "Leuchte"}})
        p.refresh_from_db()
        assert (p.title_en, p.title_fr, p.title_de) == ("Lamp", "Lampe", "Leuchte")

        # then errors name the text as the input does: field.language
        with pytest.raises(ValidationFailed) as unknown:
            services.product_update(store=store, product=p, actor=None, data={"title": {"xx": "?"}})
        assert list(unknown.value.fields) == ["title.xx"]
        with pytest.raises(ValidationFailed) as too_long:
            services.product_update(store=store, product=p, actor=None, data={"seo_title": {"en": "x" * 71}})
        assert "seo_title.en" in too_long.value.fields
        with pytest.raises(ValidationFailed) as nameless:
            services.category_create(store=store, actor=None, name={"en": " "})
        assert list(nameless.value.fields) == [f"name.{store.language}"]
        with pytest.raises(ValidationFailed) as not_texts:
            services.option_type_create(store=store, actor=None, name="Size")
        assert list(not_texts.value.fields) == ["name"]


def test_slug_is_unique_per_store(tenant_a):
    with tenant_a:
        a = product(tenant_a.store, title={"en": "Lamp"})
        b = product(tenant_a.store, title={"en": "Lamp"})
        assert (a.slug, b.slug) == ("lamp", "lamp-2")


def test_update_changes_default_variant_sku(tenant_a):
    with tenant_a:
        p = product(tenant_a.store, sku="OLD")
        services.product_update(store=tenant_a.store, product=p, actor=None, data={"sku": "NEW", "price": "5.50"})
        assert Variant.objects.get(product=p).sku == "NEW"
        p.refresh_from_db()
        assert p.price == Decimal("5.50")


def test_variants_and_options(tenant_a):
    with tenant_a:
        store = tenant_a.store
        size = services.option_type_get_or_create(store=store, name="Size", values=["S", "M"])
        p = product(store, sku="TEE")
        small = size.values.get(value="S")
        v = services.variant_create(
            store=store,
            product=p,
            actor=None,
            sku="TEE-S",
            barcode="4006381333931",
            price="12.00",
            option_value_ids=[small.pk],
            stock=3,
        )
        assert v.effective_price == Decimal("12.00")
        with pytest.raises(Conflict):
            services.variant_create(store=store, product=p, actor=None, sku="TEE-M", barcode="4006381333931")
        with pytest.raises(Conflict):
            services.variant_create(store=store, product=p, actor=None, sku="tee-s")
        services.variant_delete(store=store, variant=v, actor=None)
        with pytest.raises(Conflict):
            services.variant_delete(store=store, variant=p.variants.get(), actor=None)  # the last one stays


def test_categories_tree_cycle_and_delete(tenant_a):
    with tenant_a:
        store = tenant_a.store
        home = services.category_create(store=store, actor=None, name={"en": "Home", "fr": "Maison"})
        kitchen = services.category_create(store=store, actor=None, name={"en": "Kitchen"}, parent_id=home.pk)
        cups = services.category_create(store=store, actor=None, name={"en": "Cups"}, parent_id=kitchen.pk)
        assert [(c.slug, d) for c, d in selectors.category_tree(store=store)] == [
            ("home", 0),
            ("kitchen", 1),
            ("cups", 2),
        ]
        with pytest.raises(ValidationFailed) as excinfo:
            services.category_update(store=store, category=home, actor=None, parent_id=cups.pk)
        assert excinfo.value.code == "category_cycle"
        services.category_delete(store=store, category=kitchen, actor=None)
        cups.refresh_from_db()
        assert cups.parent_id == home.pk


def test_category_place_renumbers_siblings_in_order(tenant_a):
    with tenant_a:
        store = tenant_a.store
        a, b, c = (services.category_create(store=store, actor=None, name={"en": n}) for n in "ABC")
        child = services.category_create(store=store, actor=None, name={"en": "Child"}, parent_id=a.pk)
        Category.objects.filter(pk__in=[a.pk, b.pk, c.pk]).update(position=7)  # numbering gone astray

        def top():
            return [(x.name_en, x.position) for x in Category.objects.filter(parent=None).order_by("position", "id")]

        services.category_place(store=store, category=c, actor=tenant_a.owner(), position=1)
        assert top() == [("A", 0), ("C", 1), ("B", 2)] and c.position == 1
        services.category_move(store=store, category=a, actor=None, direction="down")
        assert top() == [("C", 0), ("A", 1), ("B", 2)]
        services.category_move(store=store, category=c, actor=None, direction="up")  # already first
        assert top() == [("C", 0), ("A", 1), ("B", 2)]
        child.refresh_from_db()
        assert child.position == 0  # another parent's children are left alone
        with pytest.raises(ValidationFailed) as excinfo:
            services.category_place(store=store, category=b, actor=None, position=-1)
        assert "position" in excinfo.value.fields
        assert AuditEvent.objects.filter(action="catalog.category_place", target=c.slug).exists()


def test_category_update_keeps_positions_it_was_not_asked_to_change(tenant_a):
    with tenant_a:
        store = tenant_a.store
        a, b = (services.category_create(store=store, actor=None, name={"en": n}) for n in "AB")
        stale = Category.objects.get(pk=a.pk)
        services.category_place(store=store, category=b, actor=None, position=0)
        services.category_update(store=store, category=stale, actor=None, name={"en": "A2"})
        assert list(Category.objects.order_by("position").values_list("name_en", "position")) == [
            ("B", 0),
            ("A2", 1),
        ]


def test_variants_per_product_are_bounded(tenant_a, monkeypatch):
    monkeypatch.setattr(limits, "MAX_VARIANTS_PER_PRODUCT", 2)
    with tenant_a:
        store = tenant_a.store
        p = product(store, sku="BOUND")
        second = services.variant_create(store=store, product=p, actor=None, sku="BOUND-2")
        prefetched = selectors.product_get(store=store, product_id=p.pk)  # as the store pages hold it
        with pytest.raises(ValidationFailed) as excinfo:
            services.variant_create(store=store, product=prefetched, actor=None, sku="BOUND-3")
        assert excinfo.value.code == "too_many_variants"
        assert "2" in excinfo.value.message
        services.variant_delete(store=store, variant=second, actor=None)
        assert services.variant_create(store=store, product=p, actor=None, sku="BOUND-3").position == 1
        other = product(store, sku="OTHER")
        services.variant_create(store=store, product=other, actor=None, sku="OTHER-2")


def test_categories_per_store_are_bounded(tenant_a, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CATEGORIES_PER_STORE", 2)
    with tenant_a:
        store = tenant_a.store
        top = services.category_create(store=store, actor=None, name={"en": "One"})
        services.category_create(store=store, actor=None, name={"en": "Two"}, parent_id=top.pk)
        with pytest.raises(ValidationFailed) as excinfo:
            services.category_create(store=store, actor=None, name={"en": "Three"})
        assert excinfo.value.code == "too_many_categories"
        assert Category.objects.filter(store_id=store.id).count() == 2
        # the bound is per store
        services.category_create(store=tenant_a.stores["ALPHA2"], actor=None, name={"en": "Elsewhere"})


def test_bulk_price_change_and_status(tenant_a):
    with tenant_a:
        store = tenant_a.store
        a, b = product(store, price="10.00"), product(store, price="19.99", status="draft")
        params = services.bulk_validate(store=store, action="price_percent", params={"percent": "-10"})
        assert services.bulk_apply(
            store=store, actor=None, action="price_percent", params=params, product_ids=[a.pk, b.pk]
        ) == services.BulkApplied(changed=2)
        a.refresh_from_db()
        b.refresh_from_db()
        assert (a.price, b.price) == (Decimal("9.00"), Decimal("17.99"))
        services.bulk_apply(store=store, actor=None, action="activate", params={}, product_ids=[b.pk])
        b.refresh_from_db()
        assert b.status == "active" and b.published_at is not None


@pytest.mark.parametrize("params", [{"percent": "-100"}, {"percent": "abc"}, {"percent": "0"}, {"percent": "5000"}])
def test_bulk_bad_percent(tenant_a, params):
    with tenant_a, pytest.raises(ValidationFailed):
        services.bulk_validate(store=tenant_a.store, action="price_percent", params=params)


def test_bulk_unknown_action_and_foreign_category(tenant_a, tenant_b):
    with tenant_b:
        foreign = services.category_create(store=tenant_b.store, actor=None, name={"en": "Theirs"})
    with tenant_a:
        with pytest.raises(ValidationFailed):
            services.bulk_validate(store=tenant_a.store, action="explode", params={})
        with pytest.raises(ValidationFailed):
            services.bulk_validate(store=tenant_a.store, action="set_category", params={"category_id": foreign.pk})


def test_vat_arithmetic():
    assert vat_included(Decimal("117.00"), "17") == Decimal("17.00")
    assert price_excl(Decimal("10.30"), Decimal("3")) == Decimal("10.00")


def test_selectors_never_show_another_merchants_rows(tenant_a, tenant_b):
    with tenant_a:
        mine = product(tenant_a.store, sku="MINE", title={"en": "Secret lamp"})
        services.category_create(store=tenant_a.store, actor=None, name={"en": "Mine"})
    with tenant_b:
        store = tenant_b.store
        assert not selectors.product_list(store=store).exists()
        assert not selectors.product_list(store=store, filters={"q": "Secret"}).exists()
        assert selectors.category_tree(store=store) == []
        assert selectors.brand_list(store=store) == []
        assert not selectors.inventory_list(store=store).exists()
        assert list(selectors.storefront_listing(store=store, params={"q": "lamp"}).products) == []
        with pytest.raises(NotFound):
            selectors.product_get(store=store, product_id=mine.pk)
        with pytest.raises(NotFound):
            selectors.variant_lookup(store=store, code="MINE")
        with pytest.raises(NotFound):
            selectors.storefront_product(store=store, slug=mine.slug)


def test_selectors_keep_stores_of_one_merchant_apart(tenant_a):
    with tenant_a:
        product(tenant_a.store, sku="ONLY-ALPHA")
        other = tenant_a.stores["ALPHA2"]
        assert not selectors.product_list(store=other).exists()
        with pytest.raises(NotFound):
            selectors.variant_lookup(store=other, code="ONLY-ALPHA")


def test_fetches_by_id_stay_inside_the_store(tenant_a):
    # given a product of the first store
    with tenant_a:
        p = product(tenant_a.store, sku="ONLY-HERE")
        variant_id = p.variants.get().pk
        other = tenant_a.stores["ALPHA2"]

        # then the other store of the same merchant cannot fetch it or its variant by id
        with pytest.raises(NotFound):
            selectors.product_get_for_update(store=other, product_id=p.pk)
        with pytest.raises(NotFound):
            selectors.variant_get(store=other, variant_id=variant_id)
        assert selectors.variant_get(store=tenant_a.store, variant_id=variant_id).product == p


def test_lookup_by_sku_or_barcode(tenant_a):
    with tenant_a:
        p = product(tenant_a.store, sku="POS-1")
        services.variant_create(store=tenant_a.store, product=p, actor=None, sku="POS-1-B", barcode="5901234123457")
        assert selectors.variant_lookup(store=tenant_a.store, code="pos-1").product == p
        assert selectors.variant_lookup(store=tenant_a.store, code="5901234123457").sku == "POS-1-B"
        with pytest.raises(ApplicationError):
            selectors.variant_lookup(store=tenant_a.store, code="")


def test_deleting_a_product_removes_its_stock(tenant_a):
    with tenant_a:
        p = product(tenant_a.store)
        services.product_delete(store=tenant_a.store, product=p, actor=None)
        assert not InventoryItem.objects.exists()


def test_low_stock_filter_does_not_inflate_totals(tenant_a):
    with tenant_a:
        p = product(tenant_a.store, stock=1)
        services.variant_create(store=tenant_a.store, product=p, actor=None, sku=f"{p.sku}-B", stock=2)
        [row] = selectors.product_list(store=tenant_a.store, filters={"stock": "low"})
        assert row.stock == 3


def test_price_range_follows_every_price_change(tenant_a):
    def price_range(p):
        p.refresh_from_db()
        return (str(p.price_min), str(p.price_max))

    with tenant_a:
        store = tenant_a.store
        p = product(store, sku="RANGE", price="10.00")
        assert price_range(p) == ("10.00", "10.00")
        big = services.variant_create(store=store, product=p, actor=None, sku="RANGE-XL", price="14.00")
        assert price_range(p) == ("10.00", "14.00")
        services.product_update(store=store, product=p, actor=None, data={"price": "16.00"})
        assert price_range(p) == ("14.00", "16.00")  # the default variant follows the product's price
        services.variant_update(store=store, variant=big, actor=None, data={"price": "18.00"})
        assert price_range(p) == ("16.00", "18.00")
        services.bulk_apply(
            store=store, actor=None, action="price_percent", params={"percent": "-50"}, product_ids=[p.pk]
        )
        assert price_range(p) == ("8.00", "9.00")
        services.variant_delete(store=store, variant=big, actor=None)
        assert price_range(p) == ("8.00", "8.00")
