import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django_tenants.utils import tenant_context

from apps.catalog.models import InventoryItem, Product, StockMovement
from apps.core.errors import NotFound, ValidationFailed
from apps.orders import services
from apps.orders.models import Customer, DiscountCode, DiscountRedemption, Order

from ..conftest import _tenant
from .factories import details, place, shop_setup, variant


def test_an_order_snapshots_lines_and_reserves_stock(tenant_a):
    with tenant_a:
        store = tenant_a.store
        methods = shop_setup(store)
        shirt = variant(store, stock=5, price="25.00", title={"en": "Shirt"})
        book = variant(store, stock=3, price="12.00", vat_rate="3.00")

        order = place(store, [(shirt, 2), (book, 1)], methods=methods)

        assert order.number == f"{store.code}-{order.sequence_number:06d}"
        assert order.subtotal == Decimal("62.00")
        assert order.shipping_total == Decimal("0.00")  # free above 60
        assert order.total == Decimal("62.00")
        assert [row["rate"] for row in order.vat_breakdown] == ["17.00", "3.00"]
        assert order.vat_total == Decimal("7.26") + Decimal("0.35")
        lines = list(order.lines.all())
        assert [(line.sku, line.quantity, line.unit_price) for line in lines] == [
            (shirt.sku, 2, Decimal("25.00")),
            (book.sku, 1, Decimal("12.00")),
        ]
        assert lines[0].product_title == "Shirt"
        item = InventoryItem.objects.get(variant=shirt)
        assert (item.quantity, item.reserved) == (5, 2)
        assert Product.objects.get(pk=shirt.product_id).available == 3
        assert StockMovement.objects.filter(item=item, reason="reserved", note=order.number).count() == 1
        customer = Customer.objects.get(email__iexact="anna@example.lu")
        assert order.customer == customer and customer.orders_count == 1
        assert order.events.get().kind == "placed"


def test_order_numbers_follow_each_other_per_store(tenant_a):
    with tenant_a:
        store, other = tenant_a.stores["ALPHA"], tenant_a.stores["ALPHA2"]
        item, item2 = variant(store), variant(other)
        first = place(store, [(item, 1)])
        second = place(store, [(item, 1)])
        elsewhere = place(other, [(item2, 1)])
        assert second.sequence_number == first.sequence_number + 1
        assert elsewhere.number.startswith("ALPHA2-")


def test_out_of_stock_refuses_and_writes_nothing(tenant_a):
    with tenant_a:
        store = tenant_a.store
        scarce, plenty = variant(store, stock=1), variant(store, stock=10)
        before = Order.objects.count()
        with pytest.raises(ValidationFailed) as refused:
            place(store, [(plenty, 2), (scarce, 2)])
        assert refused.value.code == "out_of_stock"
        assert "1 left" in refused.value.message
        assert Order.objects.count() == before
        assert InventoryItem.objects.get(variant=plenty).reserved == 0


@pytest.mark.parametrize("quantity", [0, -1, 1000])
def test_bad_quantities_are_refused(tenant_a, quantity):
    with tenant_a:
        item = variant(tenant_a.store)
        with pytest.raises(ValidationFailed) as refused:
            place(tenant_a.store, [(item, quantity)])
        assert refused.value.code == "quantity_invalid"


def test_archived_and_repriced_variants_are_refused(tenant_a):
    with tenant_a:
        store = tenant_a.store
        archived = variant(store, status="archived")
        with pytest.raises(ValidationFailed) as refused:
            place(store, [(archived, 1)])
        assert refused.value.code == "variant_unavailable"
        item = variant(store, price="10.00")
        line = services.LineRequest(variant_id=item.pk, quantity=1, expected_price=Decimal("9.00"))
        with pytest.raises(ValidationFailed) as refused:
            services.order_place(store=store, lines=[line], details=details())
        assert refused.value.code == "price_changed"


def test_another_merchants_variant_is_unavailable(tenant_a, tenant_b):
    with tenant_b:
        foreign = variant(tenant_b.store)
    with tenant_a:
        line = services.LineRequest(variant_id=foreign.pk, quantity=1)
        with pytest.raises((ValidationFailed, NotFound)):
            services.order_place(store=tenant_a.store, lines=[line], details=details())


def test_shipping_to_a_country_outside_the_zone_is_refused(tenant_a):
    with tenant_a:
        methods = shop_setup(tenant_a.store)
        item = variant(tenant_a.store)
        address = {**details().shipping_address, "country": "ES"}
        with pytest.raises(ValidationFailed) as refused:
            place(tenant_a.store, [(item, 1)], shipping_method_id=methods["lu"].pk, shipping_address=address)
        assert refused.value.code == "shipping_method_invalid"


def test_a_discount_code_is_shared_over_lines_and_counted(tenant_a):
    with tenant_a:
        store = tenant_a.store
        a, b = variant(store, price="30.00"), variant(store, price="10.00", vat_rate="8.00")
        code = DiscountCode.objects.create(store_id=store.id, code="TEN", kind="percentage", value=10, max_uses=1)
        order = place(store, [(a, 1), (b, 1)], discount_code="ten")
        assert order.discount_total == Decimal("4.00")
        assert order.total == Decimal("36.00")
        assert sorted(line.discount_amount for line in order.lines.all()) == [Decimal("1.00"), Decimal("3.00")]
        code.refresh_from_db()
        assert code.uses == 1 and DiscountRedemption.objects.filter(order=order).exists()
        with pytest.raises(ValidationFailed) as refused:
            place(store, [(a, 1)], discount_code="TEN")
        assert refused.value.code == "discount_used_up"


def test_placement_queries_do_not_grow_with_lines(tenant_a, queries):
    with tenant_a:
        store = tenant_a.store
        methods = shop_setup(store)
        items = [variant(store) for _ in range(10)]
        place(store, [(items[0], 1)], methods=methods)  # the customer and counters exist
        with queries.capture() as one:
            place(store, [(items[1], 1)], methods=methods)
        with queries.capture() as ten:
            place(store, [(item, 1) for item in items], methods=methods)
        assert one.count == ten.count
        assert ten.count < 40


def _race(django_db_blocker, *, stock: int, buyers: int):
    """`buyers` checkouts of one unit each, at once, on their own database connections."""
    with django_db_blocker.unblock():
        tenant = _tenant("a")
        with tenant_context(tenant.merchant):
            hot = variant(tenant.store, stock=stock, sku="HOT-1")
        connection.set_schema_to_public()
        results: list[str] = []
        barrier = threading.Barrier(buyers)

        def buyer(n: int) -> None:
            try:
                connection.set_tenant(tenant.merchant)
                barrier.wait()
                try:
                    order = services.order_place(
                        store=tenant.store,
                        lines=[services.LineRequest(variant_id=hot.pk, quantity=1)],
                        details=details(email=f"buyer{n}@example.lu"),
                    )
                    results.append(order.number)
                except ValidationFailed as error:
                    results.append(error.code)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=buyer, args=(n,)) for n in range(buyers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        try:
            with tenant_context(tenant.merchant):
                item = InventoryItem.objects.get(variant_id=hot.pk)
                numbers = sorted(
                    Order.objects.filter(lines__variant_id=hot.pk).values_list("sequence_number", flat=True)
                )
                return results, item, numbers
        finally:
            with tenant_context(tenant.merchant):
                orders = list(Order.objects.filter(lines__variant_id=hot.pk).values_list("pk", flat=True))
                Order.objects.filter(pk__in=orders).delete()
                Customer.objects.filter(email__startswith="buyer").delete()
                Product.objects.filter(sku="HOT-1").delete()
            connection.set_schema_to_public()


def test_fifty_buyers_race_for_ten_units(django_db_setup, django_db_blocker):
    results, item, numbers = _race(django_db_blocker, stock=10, buyers=50)
    placed = [r for r in results if r not in ("out_of_stock",)]
    assert len(placed) == 10 and results.count("out_of_stock") == 40
    assert item.quantity - item.reserved == 0
    assert numbers == list(range(numbers[0], numbers[0] + 10))  # gapless, no duplicates
