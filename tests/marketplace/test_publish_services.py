"""Publishing: products with variants grouped by item_group_id, published twice gives one product,
a variant published later joins its product, prices through the rule, unpublish archives, the job
never publishes twice, and images are fetched after commit."""

from decimal import Decimal

import pytest

from apps.catalog.models import Product, Variant
from apps.core.errors import ValidationFailed
from apps.marketplace import services
from apps.marketplace.jobs_publish import publish, publish_params
from apps.marketplace.models import StagingProduct
from apps.marketplace.services import images as publish_images
from apps.marketplace.services.publish import group_titles

from ..catalog.store_api import make_category, png
from .factories import staging_product


def _group(store):
    red = staging_product(
        store, feed_id="SH-R", item_group_id="SH", title="Shirt - Red", color="Red", size="M", price="20"
    )
    blue = staging_product(
        store, feed_id="SH-B", item_group_id="SH", title="Shirt - Blue", color="Blue", size="M", price="22"
    )
    return red, blue


def test_a_group_becomes_one_product_with_variants(tenant_a):
    store, owner = tenant_a.store, tenant_a.owner()
    kitchen = make_category(tenant_a, "Kitchen")
    with tenant_a:
        red, blue = _group(store)
        red.titles = {"en": "Shirt - Red", "fr": "Chemise - Rouge"}
        red.customisation = {"price_rule": {"kind": "percent", "value": "10", "rounding": "0.90"}}
        red.save()
        blue.customisation = {"vat_rate": "8.00"}  # the group's lead: the first by feed id
        blue.save()
        services.category_mapping_set(store=store, actor=owner, feed_category="Home > Kitchen", category_id=kitchen.pk)
        result = services.staging_publish(store=store, actor=owner, staging_ids=[red.pk, blue.pk])
        assert result.problems == {} and len(result.product_ids) == 1
        product = Product.objects.get(pk=result.product_ids[0])
        assert product.title_en == "Shirt" and product.status == "active" and product.vat_rate == Decimal("8.00")
        assert list(product.categories.values_list("pk", flat=True)) == [kitchen.pk]
        variants = {v.sku: v for v in Variant.objects.filter(product=product)}
        assert set(variants) == {"SH-R", "SH-B"}
        assert variants["SH-R"].price == Decimal("22.90") and variants["SH-B"].price == Decimal("22.00")
        assert {str(v) for v in variants["SH-R"].option_values.all()} == {"Colour: Red", "Size: M"}
        red.refresh_from_db()
        assert red.product_id == product.pk and red.variant_id == variants["SH-R"].pk and red.published_at


def test_publishing_twice_gives_one_product_and_later_variants_join(tenant_a):
    store, owner = tenant_a.store, tenant_a.owner()
    with tenant_a:
        red, blue = _group(store)
        first = services.staging_publish(store=store, actor=owner, staging_ids=[red.pk])
        red.refresh_from_db()
        red.price = Decimal("25.00")
        red.save()
        again = services.staging_publish(store=store, actor=owner, staging_ids=[red.pk])
        assert again.problems == {}
        assert again.product_ids == first.product_ids
        assert Product.objects.count() == 1 and Variant.objects.count() == 1
        assert Variant.objects.get().price == Decimal("25.00")
        later = services.staging_publish(store=store, actor=owner, staging_ids=[blue.pk])
        assert later.product_ids == first.product_ids
        assert Product.objects.count() == 1 and Variant.objects.count() == 2


def test_group_titles():
    rows = [StagingProduct(titles={"en": "Shirt Red", "de": "Hemd"}), StagingProduct(titles={"en": "Shirt Rose"})]
    assert group_titles(rows) == {"en": "Shirt", "de": "Hemd"}
    assert group_titles([StagingProduct(titles={"en": "Ab"}), StagingProduct(titles={"en": "Cd"})]) == {"en": "Ab"}


def test_a_refused_group_is_reported_and_others_go_on(tenant_a):
    store, owner = tenant_a.store, tenant_a.owner()
    with tenant_a:
        taken = staging_product(store, feed_id="DUP")
        staging_product(store, feed_id="OTHER", customisation={"sku": "DUP"})
        ok = staging_product(store, feed_id="FINE")
        first = services.staging_publish(store=store, actor=owner, staging_ids=[taken.pk])
        clash = StagingProduct.objects.get(feed_id="OTHER")
        result = services.staging_publish(store=store, actor=owner, staging_ids=[clash.pk, ok.pk])
        assert list(result.problems) == [clash.pk] and result.published == [ok.pk]
        assert len(first.product_ids) == 1


def test_unpublish_archives_and_unlinks(tenant_a):
    store, owner = tenant_a.store, tenant_a.owner()
    with tenant_a:
        row = staging_product(store)
        product_id = services.staging_publish(store=store, actor=owner, staging_ids=[row.pk]).product_ids[0]
        row = services.staging_unpublish(store=store, actor=owner, staging_id=row.pk)
        assert row.product_id is None and row.variant_id is None
        assert Product.objects.get(pk=product_id).status == "archived"
        with pytest.raises(ValidationFailed) as again:
            services.staging_unpublish(store=store, actor=owner, staging_id=row.pk)
        assert getattr(again.value, "code", "") == "not_published"
        back = services.staging_publish(store=store, actor=owner, staging_ids=[row.pk])
        assert back.product_ids == [product_id] and back.problems == {}  # the archived product comes back
        assert Product.objects.get().status == "active"


def test_other_stores_rows_are_never_published(tenant_a, tenant_b):
    with tenant_b:
        other = staging_product(tenant_b.store)
    with tenant_a:
        result = services.staging_publish(store=tenant_a.store, actor=None, staging_ids=[other.pk])
        assert result.published == [] and not Product.objects.exists()
        with pytest.raises(ValidationFailed):
            publish_params(store=tenant_a.store, params={"staging_ids": [other.pk]})


def test_images_are_fetched_and_added_once(tenant_a, monkeypatch):
    store = tenant_a.store
    fetched = []

    def fake_fetch(url):
        fetched.append(url)
        return png().getvalue()

    monkeypatch.setattr(publish_images, "image_fetch", fake_fetch)
    with tenant_a:
        row = staging_product(store, additional_image_links=["https://images.example.lu/b.jpg"])
        product_id = services.staging_publish(store=store, actor=None, staging_ids=[row.pk]).product_ids[0]
        assert publish_images.publish_images_add(store=store, product_id=product_id, staging_id=row.pk) == 2
        assert publish_images.publish_images_add(store=store, product_id=product_id, staging_id=row.pk) == 0
        assert Product.objects.get(pk=product_id).images.count() == 2


class FakeContext:
    """The parts of the jobs runner's context the publish handler uses."""

    def __init__(self, store, params, done=None):
        self.store, self.params, self.actor = store, params, None
        self.done_items = dict(done or {})

    def checkpoint(self):
        return False

    def items_done(self, results):
        self.done_items.update({str(k): v for k, v in results.items()})


def test_a_resumed_publish_job_skips_what_it_published(tenant_a):

    with tenant_a:
        rows = [staging_product(tenant_a.store) for _ in range(3)]
        params = publish_params(store=tenant_a.store, params={"staging_ids": [r.pk for r in rows]})
        # a first run published the first row, then its worker died
        services.staging_publish(store=tenant_a.store, actor=None, staging_ids=[rows[0].pk])
        Product.objects.filter(pk=StagingProduct.objects.get(pk=rows[0].pk).product_id).update(price=Decimal("99"))
        result = publish(FakeContext(tenant_a.store, params, done={str(rows[0].pk): True}))
        assert result == {"published": 3}
        assert Product.objects.count() == 3
        assert Product.objects.filter(price=Decimal("99")).count() == 1  # not published again
