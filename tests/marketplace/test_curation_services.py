"""Curation: the browse selectors (search, filters, facets, isolation), selection by ids and by
filter, the price rule, customisation checks, bulk customisation and category mappings."""

from decimal import Decimal

import pytest

from apps.catalog.pricing import VatRate
from apps.core.errors import NotFound, ValidationFailed
from apps.marketplace import selectors, services
from apps.marketplace.customisation import VAT_RATES, price_apply, price_round_up
from apps.marketplace.models import CategoryMapping, StagingProduct

from ..catalog.store_api import make_category
from .factories import staging_product

D = Decimal


@pytest.mark.parametrize(
    ("price", "rule", "expected"),
    [
        ("10.00", None, "10.00"),
        ("10.00", {"kind": "percent", "value": "20", "rounding": ""}, "12.00"),
        ("10.00", {"kind": "percent", "value": "20", "rounding": "0.90"}, "12.90"),
        ("10.00", {"kind": "percent", "value": "20", "rounding": "0.99"}, "12.99"),
        ("12.95", {"kind": "fixed", "value": "0", "rounding": "0.90"}, "13.90"),
        ("12.90", {"kind": "fixed", "value": "0", "rounding": "0.90"}, "12.90"),
        ("12.99", {"kind": "fixed", "value": "0", "rounding": "0.99"}, "12.99"),
        ("13.00", {"kind": "fixed", "value": "0", "rounding": "0.99"}, "13.99"),
        ("10.00", {"kind": "fixed", "value": "2.50", "rounding": ""}, "12.50"),
        ("10.00", {"kind": "fixed", "value": "-20", "rounding": ""}, "0.00"),
        ("19.99", {"kind": "percent", "value": "-10", "rounding": ""}, "17.99"),
    ],
)
def test_price_rule(price, rule, expected):
    assert price_apply(D(price), rule) == D(expected)


def test_rounding_up_never_goes_down():
    assert price_round_up(D("0.10"), "0.90") == D("0.90")
    assert price_round_up(D("0.95"), "0.90") == D("1.90")
    assert price_round_up(D("5.00"), "") == D("5.00")


def test_vat_rates_are_the_catalogs():
    assert set(VAT_RATES) == set(VatRate.values)


def test_browse_filters_search_and_facets(tenant_a):
    store = tenant_a.store
    with tenant_a:
        shirt = staging_product(
            store, title="Linen shirt", brand="Nordic", product_type="Clothing", price="30", state="unchanged"
        )
        staging_product(
            store, title="Cotton shirt", brand="Acme", product_type="Clothing", price="15", state="unchanged"
        )
        mug = staging_product(store, title="Mug", availability="out_of_stock", price="8", state="changed")
        staging_product(store, title="Lamp", is_selected=True, product_id=1, price="50", state="gone")

        def ids(**params):
            filters = selectors.staging_filters_parse(params)
            return {p.pk for p in selectors.staging_list(store=store, filters=filters)}

        assert ids(q="SHIRT") == ids(category="Clothing")
        assert ids(q="linen") == {shirt.pk}
        assert ids(brand="Nordic") == {shirt.pk}
        assert ids(price_min="10", price_max="30,00") == {shirt.pk, *ids(brand="Acme", q="cotton")}
        assert ids(availability="out_of_stock") == {mug.pk}
        assert len(ids(selected="yes")) == 1 and len(ids(selected="no")) == 3
        assert len(ids(published="yes")) == 1 and len(ids(published="no")) == 3
        assert ids(state="changed") == ids(changed="1") == {mug.pk}
        assert len(ids(price_min="1e3", availability="bogus", state="x")) == 4  # malformed: dropped
        facets = selectors.staging_facets(store=store, filters=selectors.staging_filters_parse({"brand": "Nordic"}))
        assert dict(facets.brands) == {"Acme": 3, "Nordic": 1}  # brands counted without the brand filter
        assert dict(facets.categories) == {"Clothing": 1}
        prices = [p.price for p in selectors.staging_list(store=store, sort="price_desc")]
        assert prices == sorted(prices, reverse=True)


def test_selectors_see_only_their_store(tenant_a, tenant_b):
    with tenant_b:
        other = staging_product(tenant_b.store, title="Beta secret")
    with tenant_a:
        mine = staging_product(tenant_a.store, title="Alpha thing")
        assert [p.pk for p in selectors.staging_list(store=tenant_a.store)] == [mine.pk]
        assert selectors.staging_facets(store=tenant_a.store).brands == [("Acme", 1)]
        with pytest.raises(NotFound):
            selectors.staging_get(store=tenant_a.store, staging_id=other.pk)
        with pytest.raises(NotFound):
            selectors.staging_get(store=tenant_a.store, staging_id="1e3")
        assert selectors.staging_counts(store=tenant_a.store)["total"] == 1


def test_select_by_ids_and_by_filter(tenant_a):
    store, owner = tenant_a.store, tenant_a.owner()
    with tenant_a:
        a = staging_product(store, brand="Nordic")
        staging_product(store, brand="Nordic")
        c = staging_product(store, brand="Acme")
        assert services.staging_select(store=store, actor=owner, ids=[a.pk, c.pk]) == 2
        filters = selectors.staging_filters_parse({"brand": "Nordic"})
        assert services.staging_select(store=store, actor=owner, filters=filters) == 1  # a was selected already
        assert StagingProduct.objects.filter(is_selected=True).count() == 3
        assert services.staging_select(store=store, actor=owner, selected=False, filters=filters) == 2
        with pytest.raises(ValidationFailed) as empty:
            services.staging_select(store=store, actor=owner, ids=[])
        assert empty.value.code == "selection_empty"


def test_customise_checks_every_key(tenant_a):
    store, owner = tenant_a.store, tenant_a.owner()
    category = make_category(tenant_a, "Kitchen")
    with tenant_a:
        product = staging_product(store, additional_image_links=["https://images.example.lu/x.jpg"])
        changed = services.staging_customise(
            store=store,
            actor=owner,
            staging_id=product.pk,
            changes={
                "sku": " MUG-1 ",
                "price_rule": {"kind": "percent", "value": "10", "rounding": "0.99"},
                "titles": {"fr": "Tasse"},
                "images": ["https://images.example.lu/x.jpg"],
                "category_ids": [category.pk],
                "stock": "4",
                "vat_rate": "8",
            },
        )
        assert changed.customisation == {
            "sku": "MUG-1",
            "price_rule": {"kind": "percent", "value": "10", "rounding": "0.99"},
            "titles": {"fr": "Tasse"},
            "images": ["https://images.example.lu/x.jpg"],
            "category_ids": [category.pk],
            "stock": 4,
            "vat_rate": "8.00",
        }
        cleared = services.staging_customise(store=store, actor=owner, staging_id=product.pk, changes={"sku": None})
        assert "sku" not in cleared.customisation and cleared.customisation["stock"] == 4
        bad = [
            ({"price_rule": {"kind": "double", "value": "1"}}, "price_rule.kind"),
            ({"price_rule": {"kind": "fixed", "value": "1e3"}}, "price_rule.value"),
            ({"price_rule": {"kind": "percent", "value": "-100"}}, "price_rule.value"),
            ({"price_rule": {"kind": "fixed", "value": "1", "rounding": "0.95"}}, "price_rule.rounding"),
            ({"titles": {"xx": "?"}}, "titles.xx"),
            ({"images": ["https://evil.example/a.jpg"]}, "images"),
            ({"category_ids": [999999]}, "category_ids"),
            ({"stock": "-1"}, "stock"),
            ({"vat_rate": "20"}, "vat_rate"),
            ({"colour": "red"}, "colour"),
        ]
        for changes, field in bad:
            with pytest.raises(ValidationFailed) as error:
                services.staging_customise(store=store, actor=owner, staging_id=product.pk, changes=changes)
            assert error.value.code == "customisation_invalid"
            assert field in error.value.fields, (changes, error.value.fields)


def test_bulk_customise_and_category_mapping(tenant_a):
    store, owner = tenant_a.store, tenant_a.owner()
    kitchen = make_category(tenant_a, "Kitchen")
    with tenant_a:
        a = staging_product(store, product_type="Home > Kitchen")
        b = staging_product(store, product_type="Home > Kitchen", customisation={"stock": 3})
        rule = {"kind": "fixed", "value": "1", "rounding": ""}
        assert services.staging_bulk_customise(store=store, actor=owner, ids=[a.pk, b.pk], price_rule=rule) == 2
        b.refresh_from_db()
        assert b.customisation == {"stock": 3, "price_rule": rule}
        services.staging_bulk_customise(store=store, actor=owner, ids=[b.pk], price_rule={})
        b.refresh_from_db()
        assert b.customisation == {"stock": 3}
        with pytest.raises(ValidationFailed):
            services.staging_bulk_customise(store=store, actor=owner, ids=[a.pk], category_ids=[424242])
        services.category_mapping_set(store=store, actor=owner, feed_category="Home > Kitchen", category_id=kitchen.pk)
        assert CategoryMapping.objects.get().category_id == kitchen.pk
        assert services.curation.categories_for(store, [a]) == {a.pk: [kitchen.pk]}
        services.category_mapping_set(store=store, actor=owner, feed_category="Home > Kitchen", category_id=None)
        assert not CategoryMapping.objects.exists()
