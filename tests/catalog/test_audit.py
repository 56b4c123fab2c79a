"""Every catalog write that takes an actor leaves an audit row naming them."""

from __future__ import annotations

from apps.catalog import services
from apps.core.models import AuditEvent

from .factories import image_upload, product
from .test_api import media_root  # noqa: F401 - the fixture


def _last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _rows(since: int, email: str) -> list[tuple[str, str, dict]]:
    """(action, target, data) of the catalog's audit rows by `email` written after `since`."""
    rows = AuditEvent.objects.filter(id__gt=since, actor_email=email, action__startswith="catalog.").order_by("id")
    return list(rows.values_list("action", "target", "data"))


def test_variant_writes_are_audited(tenant_a):
    with tenant_a:
        store, owner = tenant_a.store, tenant_a.owner()
        lamp = product(store, sku="AUD-1")
        since = _last_id()

        variant = services.variant_create(store=store, product=lamp, actor=owner, sku="AUD-1-B")
        services.variant_update(store=store, variant=variant, actor=owner, data={"barcode": "5901234123457"})
        services.variant_delete(store=store, variant=variant, actor=owner)

        assert _rows(since, owner.email) == [
            ("catalog.variant_create", "AUD-1-B", {"product": "AUD-1"}),
            ("catalog.variant_update", "AUD-1-B", {"fields": ["barcode"]}),
            ("catalog.variant_delete", "AUD-1-B", {}),
        ]


def test_category_writes_are_audited(tenant_a):
    with tenant_a:
        store, owner = tenant_a.store, tenant_a.owner()
        since = _last_id()

        kitchen = services.category_create(store=store, actor=owner, name={"en": "Kitchen"})
        services.category_update(store=store, category=kitchen, actor=owner, name={"fr": "Cuisine"}, is_active=False)
        services.category_delete(store=store, category=kitchen, actor=owner)

        assert _rows(since, owner.email) == [
            ("catalog.category_create", "kitchen", {"parent": None}),
            ("catalog.category_update", "kitchen", {"fields": ["is_active", "name"]}),
            ("catalog.category_delete", "kitchen", {}),
        ]


def test_option_values_added_on_the_way_are_audited(tenant_a):
    with tenant_a:
        store, owner = tenant_a.store, tenant_a.owner()
        services.option_type_create(store=store, actor=owner, name={"en": "Size"}, values=[{"en": "S"}])
        since = _last_id()

        services.option_values_get_or_create(store=store, actor=owner, name="Size", values=["S", "XL"])
        services.option_values_get_or_create(store=store, actor=owner, name="Size", values=["XL"])  # nothing new

        assert _rows(since, owner.email) == [("catalog.option_type_update", "Size", {"fields": ["values"], "added": 1})]


def test_stock_writes_are_audited(tenant_a):
    with tenant_a:
        store, owner = tenant_a.store, tenant_a.owner()
        variant_id = product(store, sku="AUD-STOCK", stock=0).variants.get().pk
        since = _last_id()

        services.stock_adjust(store=store, variant_id=variant_id, delta=5, reason="received", actor=owner)
        services.stock_set(store=store, variant_id=variant_id, quantity=4, actor=owner)
        services.stock_reserve(store=store, variant_id=variant_id, quantity=1, actor=owner)
        services.inventory_settings_update(
            store=store, variant_id=variant_id, actor=owner, bin_location="A-1", low_stock_threshold=2
        )

        assert _rows(since, owner.email) == [
            (
                "catalog.stock_adjust",
                "AUD-STOCK",
                {"delta": 5, "reserved_delta": 0, "quantity_after": 5, "reason": "received"},
            ),
            (
                "catalog.stock_set",
                "AUD-STOCK",
                {"delta": -1, "reserved_delta": 0, "quantity_after": 4, "reason": "count"},
            ),
            (
                "catalog.stock_reserve",
                "AUD-STOCK",
                {"delta": 0, "reserved_delta": 1, "quantity_after": 4, "reason": "reserved"},
            ),
            ("catalog.inventory_settings_update", "AUD-STOCK", {"bin_location": "A-1", "low_stock_threshold": 2}),
        ]


def test_image_writes_are_audited(tenant_a, media_root):  # noqa: F811 - the fixture
    with tenant_a:
        store, owner = tenant_a.store, tenant_a.owner()
        lamp = product(store, sku="AUD-IMG")
        since = _last_id()

        first = services.image_add(store=store, product=lamp, actor=owner, upload=image_upload(size=(64, 48)))
        second = services.image_add(store=store, product=lamp, actor=owner, upload=image_upload(size=(32, 24)))
        services.image_update(store=store, product=lamp, image_id=second.pk, actor=owner, alt_text={"en": "Side"})
        services.image_reorder(store=store, product=lamp, ordered_ids=[second.pk, first.pk], actor=owner)
        services.image_delete(store=store, product=lamp, image_id=first.pk, actor=owner)

        assert _rows(since, owner.email) == [
            ("catalog.image_add", "AUD-IMG", {"image": first.pk, "width": 64, "height": 48}),
            ("catalog.image_add", "AUD-IMG", {"image": second.pk, "width": 32, "height": 24}),
            ("catalog.image_update", "AUD-IMG", {"image": second.pk, "fields": ["alt_text"]}),
            ("catalog.image_reorder", "AUD-IMG", {"order": [second.pk, first.pk]}),
            ("catalog.image_delete", "AUD-IMG", {"image": first.pk}),
        ]


def test_queueing_a_bulk_change_is_audited_once_per_job(tenant_a):
    with tenant_a:
        store, owner = tenant_a.store, tenant_a.owner()
        ids = [product(store).pk for _ in range(3)]
        since = _last_id()

        job = services.bulk_queue(store=store, actor=owner, action="feature", params={}, product_ids=ids)

        assert _rows(since, owner.email) == [
            (
                "catalog.bulk_queue",
                "Feature: 3 products",
                {"job": job.pk, "action": "feature", "params": {}, "count": 3},
            )
        ]
