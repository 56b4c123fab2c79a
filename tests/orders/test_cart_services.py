from decimal import Decimal

import pytest

from apps.catalog.models import Product, Variant
from apps.core.errors import NotFound, ValidationFailed
from apps.orders import selectors, services
from apps.orders.models import Cart, DiscountCode

from .factories import shop_setup, variant


def test_add_change_remove_lines_re_reads_the_price(tenant_a):
    with tenant_a:
        store = tenant_a.store
        shirt = variant(store, stock=5, price="25.00")
        cart = services.cart_create(store=store)
        line = services.cart_line_add(store=store, cart=cart, variant_id=shirt.pk, quantity=2)
        services.cart_line_add(store=store, cart=cart, variant_id=shirt.pk, quantity=1)
        line.refresh_from_db()
        assert (line.quantity, line.price_seen) == (3, Decimal("25.00"))
        Variant.objects.filter(pk=shirt.pk).update(price=Decimal("30.00"))
        view = selectors.cart_view(store=store, cart=cart)
        assert view.lines[0].price_up and view.changed
        assert view.totals.total == Decimal("90.00")
        services.cart_line_set(store=store, cart=cart, line_id=line.pk, quantity=4)
        view = selectors.cart_view(store=store, cart=cart)
        assert not view.changed and view.count == 4
        services.cart_line_remove(store=store, cart=cart, line_id=line.pk)
        assert selectors.cart_view(store=store, cart=cart).is_empty


@pytest.mark.parametrize("quantity", [0, -1, 6, 1000, True, "2"])
def test_bad_quantities_are_refused(tenant_a, quantity):
    with tenant_a:
        item = variant(tenant_a.store, stock=5)
        cart = services.cart_create(store=tenant_a.store)
        with pytest.raises(ValidationFailed) as refused:
            services.cart_line_add(store=tenant_a.store, cart=cart, variant_id=item.pk, quantity=quantity)
        assert refused.value.code in ("quantity_invalid", "out_of_stock")
        assert not cart.lines.exists()


def test_archived_variant_is_refused_and_flagged(tenant_a):
    with tenant_a:
        store = tenant_a.store
        item = variant(store)
        cart = services.cart_create(store=store)
        services.cart_line_add(store=store, cart=cart, variant_id=item.pk, quantity=1)
        Product.objects.filter(pk=item.product_id).update(status="archived")
        with pytest.raises(ValidationFailed) as refused:
            services.cart_line_add(store=store, cart=cart, variant_id=item.pk, quantity=1)
        assert refused.value.code == "variant_unavailable"
        view = selectors.cart_view(store=store, cart=cart)
        assert view.lines[0].unavailable and not view.orderable


def test_another_merchants_variant_and_cart_are_not_found(tenant_a, tenant_b):
    with tenant_b:
        foreign = variant(tenant_b.store)
        foreign_cart = services.cart_create(store=tenant_b.store)
        token = foreign_cart.token
    with tenant_a:
        cart = services.cart_create(store=tenant_a.store)
        with pytest.raises(NotFound):
            services.cart_line_add(store=tenant_a.store, cart=cart, variant_id=foreign.pk, quantity=1)
        assert selectors.cart_find(store=tenant_a.store, token=token) is None
        other_store_cart = services.cart_create(store=tenant_a.stores["ALPHA2"])
        assert selectors.cart_find(store=tenant_a.store, token=other_store_cart.token) is None


def test_a_customers_cart_is_not_found_by_its_token(tenant_a):
    with tenant_a:
        customer = services.customer_for_checkout(store=tenant_a.store, email="c@example.lu")
        cart = services.cart_create(store=tenant_a.store, customer=customer)
        assert selectors.cart_find(store=tenant_a.store, token=cart.token) is None
        assert selectors.cart_find(store=tenant_a.store, customer=customer) == cart


def test_merge_adds_guest_lines_to_the_customers_cart(tenant_a):
    with tenant_a:
        store = tenant_a.store
        a, b = variant(store, stock=3), variant(store, stock=9)
        customer = services.customer_for_checkout(store=store, email="c@example.lu")
        mine = services.cart_create(store=store, customer=customer)
        services.cart_line_add(store=store, cart=mine, variant_id=a.pk, quantity=2)
        guest = services.cart_create(store=store, session_key="s1")
        services.cart_line_add(store=store, cart=guest, variant_id=a.pk, quantity=2)
        services.cart_line_add(store=store, cart=guest, variant_id=b.pk, quantity=1)
        merged = services.cart_merge(store=store, guest=guest, customer=customer)
        assert merged == mine
        assert {line.variant_id: line.quantity for line in mine.lines.all()} == {a.pk: 3, b.pk: 1}
        guest.refresh_from_db()
        assert guest.status == Cart.Status.MERGED


def test_discount_code_reasons(tenant_a):
    with tenant_a:
        store = tenant_a.store
        item = variant(store, price="20.00")
        cart = services.cart_create(store=store)
        services.cart_line_add(store=store, cart=cart, variant_id=item.pk, quantity=1)
        DiscountCode.objects.create(store_id=store.id, code="TEN", kind="percentage", value=Decimal("10"))
        DiscountCode.objects.create(store_id=store.id, code="PAUSED", value=Decimal("10"), is_active=False)
        DiscountCode.objects.create(store_id=store.id, code="GONE", value=Decimal("10"), max_uses=1, uses=1)
        for code, reason in (("PAUSED", "discount_paused"), ("GONE", "discount_used_up"), ("NOPE", "discount_unknown")):
            with pytest.raises(ValidationFailed) as refused:
                services.cart_discount_apply(store=store, cart=cart, code=code)
            assert refused.value.code == reason
        services.cart_discount_apply(store=store, cart=cart, code="ten")
        view = selectors.cart_view(store=store, cart=Cart.objects.get(pk=cart.pk))
        assert view.totals.discount_total == Decimal("2.00")
        assert view.discount_code == "TEN"


def test_cart_view_queries_do_not_grow_with_lines(tenant_a, queries):
    with tenant_a:
        store = tenant_a.store
        shop_setup(store)
        cart = services.cart_create(store=store)
        counts = []
        for n in (1, 5):
            while cart.lines.count() < n:
                services.cart_line_add(store=store, cart=cart, variant_id=variant(store).pk, quantity=1)
            fresh = Cart.objects.get(pk=cart.pk)
            with queries.capture() as captured:
                selectors.cart_view(store=store, cart=fresh)
            counts.append(captured.count)
        assert counts[0] == counts[1]
