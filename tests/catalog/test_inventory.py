import threading

import pytest
from django.db import connection, connections
from django_tenants.utils import tenant_context

from apps.catalog import services
from apps.catalog.models import InventoryItem, Product, StockMovement
from apps.core.errors import NotFound, ValidationFailed

from ..conftest import _tenant
from .factories import product


def test_adjust_writes_the_ledger(tenant_a):
    owner = tenant_a.owner()
    with tenant_a:
        variant = product(tenant_a.store, stock=5).variants.get()
        movement = services.stock_adjust(
            store=tenant_a.store, variant_id=variant.pk, delta=-2, reason="sold", actor=owner, note="till 1"
        )
        assert (movement.quantity_after, movement.delta, movement.actor_email) == (3, -2, owner.email)
        services.stock_set(store=tenant_a.store, variant_id=variant.pk, quantity=10, actor=owner)
        assert list(StockMovement.objects.values_list("reason", "delta")) == [
            ("count", 7),
            ("sold", -2),
            ("received", 5),
        ]


def test_stock_never_goes_negative(tenant_a):
    with tenant_a:
        variant = product(tenant_a.store, stock=1).variants.get()
        with pytest.raises(ValidationFailed) as excinfo:
            services.stock_adjust(store=tenant_a.store, variant_id=variant.pk, delta=-2, reason="sold")
        assert excinfo.value.code == "stock_negative"
        assert InventoryItem.objects.get(variant=variant).quantity == 1
        assert not StockMovement.objects.filter(delta=-2).exists()


@pytest.mark.parametrize(("delta", "reason"), [(0, "sold"), (1, "bogus"), (10**9, "received"), ("3", "received")])
def test_bad_adjustments(tenant_a, delta, reason):
    with tenant_a:
        variant = product(tenant_a.store).variants.get()
        with pytest.raises(ValidationFailed):
            services.stock_adjust(store=tenant_a.store, variant_id=variant.pk, delta=delta, reason=reason)


def test_reservations_hold_stock(tenant_a):
    with tenant_a:
        variant = product(tenant_a.store, stock=3).variants.get()
        services.stock_reserve(store=tenant_a.store, variant_id=variant.pk, quantity=2)
        with pytest.raises(ValidationFailed) as excinfo:
            services.stock_adjust(store=tenant_a.store, variant_id=variant.pk, delta=-2, reason="damaged")
        assert excinfo.value.code == "reserved_exceeds_stock"
        with pytest.raises(ValidationFailed):
            services.stock_reserve(store=tenant_a.store, variant_id=variant.pk, quantity=2)


def test_another_stores_variant_is_not_found(tenant_a, tenant_b):
    with tenant_a:
        variant = product(tenant_a.store).variants.get()
        with pytest.raises(NotFound):
            services.stock_adjust(store=tenant_a.stores["ALPHA2"], variant_id=variant.pk, delta=1, reason="received")
    with tenant_b, pytest.raises(NotFound):
        services.stock_adjust(store=tenant_b.store, variant_id=variant.pk, delta=1, reason="received")


def _race(django_db_blocker, *, stock: int, deltas: list[int]) -> tuple[list[str], int, list[int]]:
    """Run one stock_adjust per delta, all at once on their own database connections."""
    with django_db_blocker.unblock():
        tenant = _tenant("a")
        with tenant_context(tenant.merchant):
            variant = product(tenant.store, stock=stock, sku="RACE-1").variants.get()
        connection.set_schema_to_public()
        results: list[str] = []
        barrier = threading.Barrier(len(deltas))

        def worker(delta: int) -> None:
            try:
                connection.set_tenant(tenant.merchant)
                barrier.wait()
                try:
                    services.stock_adjust(
                        store=tenant.store,
                        variant_id=variant.pk,
                        delta=delta,
                        reason="sold" if delta < 0 else "received",
                    )
                    results.append("ok")
                except ValidationFailed:
                    results.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker, args=(d,)) for d in deltas]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        try:
            with tenant_context(tenant.merchant):
                item = InventoryItem.objects.get(variant_id=variant.pk)
                ledger = list(
                    StockMovement.objects.filter(item=item)
                    .exclude(note="Opening stock")
                    .values_list("delta", flat=True)
                )
                return results, item.quantity, ledger
        finally:
            with tenant_context(tenant.merchant):
                Product.objects.filter(sku="RACE-1").delete()
            connection.set_schema_to_public()


def test_concurrent_sales_never_oversell(django_db_setup, django_db_blocker):
    results, quantity, ledger = _race(django_db_blocker, stock=5, deltas=[-1] * 12)
    assert results.count("ok") == 5 and results.count("refused") == 7
    assert quantity == 0
    assert sorted(ledger) == [-1] * 5


def test_concurrent_mixed_adjustments_add_up(django_db_setup, django_db_blocker):
    results, quantity, ledger = _race(django_db_blocker, stock=3, deltas=[-1] * 12 + [1] * 6)
    assert len(results) == 18
    assert quantity >= 0
    assert quantity == 3 + sum(ledger)
    assert len(ledger) == results.count("ok")


def test_product_available_follows_every_stock_change(tenant_a):
    with tenant_a:
        store = tenant_a.store
        p = product(store, stock=4)
        extra = services.variant_create(store=store, product=p, actor=None, sku=f"{p.sku}-B", stock=3)

        def available():
            return Product.objects.get(pk=p.pk).available

        assert available() == 7
        services.stock_adjust(store=store, variant_id=extra.pk, delta=-1, reason="sold")
        services.stock_reserve(store=store, variant_id=extra.pk, quantity=2)
        assert available() == 4
        services.stock_set(store=store, variant_id=p.variants.first().pk, quantity=1)
        assert available() == 1
        services.variant_delete(store=store, variant=extra, actor=None)
        assert available() == 1
