from apps.orders import services
from apps.orders.models import Cart, Return

from .factories import place, shop_setup, variant


def _order_for(tenant, user, **kwargs):
    with tenant:
        methods = shop_setup(tenant.store)
        item = variant(tenant.store, stock=5, title={"en": "Mug"})
        customer = services.customer_for_checkout(store=tenant.store, email=user.email, user=user)
        order = place(tenant.store, [(item, 2)], methods=methods, email=user.email, **kwargs)
        assert order.customer == customer
    return order, item


def test_order_history_page_return_and_reorder(tenant_a, tenant_b):
    user = tenant_a.customer("buyer@example.lu")
    order, item = _order_for(tenant_a, user)
    with tenant_a:
        services.fulfilment_create(
            store=tenant_a.store,
            order_id=order.pk,
            lines=[services.FulfilLineRequest(order.lines.get().pk, 2)],
            actor=tenant_a.owner(),
            carrier="Post",
            tracking_number="LU123",
            tracking_url="https://track.example/LU123",
        )
    client = tenant_a.client(user)
    assert order.number in client.get("/account/orders/").content.decode()
    page = client.get(f"/account/orders/{order.number}/").content.decode()
    assert "https://track.example/LU123" in page and "Request a return" in page
    line = order.lines.get()
    bad = client.post(f"/account/orders/{order.number}/return/", {f"quantity_{line.pk}": "3"}, follow=True)
    assert "at most 2" in bad.content.decode()
    ok = client.post(f"/account/orders/{order.number}/return/", {f"quantity_{line.pk}": "1", "reason": "Too big"})
    assert ok.status_code == 302
    with tenant_a:
        assert Return.objects.get().requested_by_customer
    assert client.post(f"/account/orders/{order.number}/reorder/").status_code == 302
    with tenant_a:
        cart = Cart.objects.get(status="open")
        assert [(x.variant_id, x.quantity) for x in cart.lines.all()] == [(item.pk, 2)]


def test_other_peoples_orders_are_not_found(tenant_a):
    buyer = tenant_a.customer("buyer@example.lu")
    order, _item = _order_for(tenant_a, buyer)
    other = tenant_a.customer("other@example.lu")
    client = tenant_a.client(other)
    assert client.get(f"/account/orders/{order.number}/").status_code == 404
    assert order.number not in client.get("/account/orders/").content.decode()
    assert tenant_a.client().get("/account/orders/").status_code == 302  # sign in first
