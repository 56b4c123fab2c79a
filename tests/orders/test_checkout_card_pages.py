"""A card checkout through the pages, against the Stripe stand-in: the buyer is sent to the payment
page; back without paying, they pay again or change the order (cancelled, stock back, cart back)."""

from apps.catalog.models import InventoryItem
from apps.orders.models import Cart, Order, Payment

from .factories import ADDRESS, shop_setup, variant
from .stripe_fake import stripe_connected


def _card_checkout(tenant, item, methods):
    client = tenant.client()
    client.post("/cart/add/", {"variant": item.pk, "quantity": "2"})
    address = {f"shipping-{key}": value for key, value in ADDRESS.items()}
    client.post("/checkout/", {"step": "details", "email": "kim@example.lu", "billing_same": "on", **address})
    client.post("/checkout/", {"step": "shipping", "shipping_method": methods["lu"].pk})
    client.post("/checkout/", {"step": "payment", "payment_method": "card"})
    placed = client.post("/checkout/", {"step": "place", "price": [f"{item.pk}:25.00"]})
    return client, placed


def test_card_checkout_goes_to_the_payment_page_and_back(tenant_a, stripe_stub):
    stripe_connected(tenant_a, stripe_stub)
    with tenant_a:
        methods = shop_setup(tenant_a.store)
        item = variant(tenant_a.store, stock=3, price="25.00")
    client, placed = _card_checkout(tenant_a, item, methods)
    assert placed.status_code == 302 and placed["Location"].startswith(stripe_stub.url)
    session = stripe_stub.sessions[placed["Location"].rsplit("/", 1)[1]]
    cancel_url = session["cancel_url"]
    assert "/checkout/done/" in cancel_url and cancel_url.endswith("?card=cancelled")
    path = cancel_url.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}").content.decode()
    assert "did not go through" in page and "Pay by card" in page and "Change my order" in page

    # pay again: a new payment page
    token = path.split("checkout/done/", 1)[1].split("/", 1)[0]
    again = client.post(f"/checkout/done/{token}/pay/")
    assert again.status_code == 302 and again["Location"].startswith(stripe_stub.url)
    with tenant_a:
        order = Order.objects.get(email="kim@example.lu")
        assert Payment.objects.filter(order=order, status="pending").count() == 2

    # or change the order: cancelled, stock released, products back in a cart
    changed = client.post(f"/checkout/done/{token}/change/")
    assert changed.status_code == 302 and changed["Location"].endswith("/cart/")
    with tenant_a:
        order.refresh_from_db()
        assert order.status == "cancelled"
        assert InventoryItem.objects.get(variant=item).reserved == 0
        assert Cart.objects.get(status="open").lines.get().quantity == 2
    # the order is no longer waiting: a second try says so, without a 500
    late = client.post(f"/checkout/done/{token}/pay/", follow=True)
    assert late.status_code == 200 and "no longer waiting" in late.content.decode()


def test_another_stores_confirmation_token_opens_nothing(tenant_a, tenant_b, stripe_stub):
    stripe_connected(tenant_a, stripe_stub)
    with tenant_a:
        methods = shop_setup(tenant_a.store)
        item = variant(tenant_a.store, stock=3, price="25.00")
    _client, placed = _card_checkout(tenant_a, item, methods)
    session = stripe_stub.sessions[placed["Location"].rsplit("/", 1)[1]]
    token = session["cancel_url"].split("/checkout/done/", 1)[1].split("/", 1)[0]
    other = tenant_b.client()
    assert other.post(f"/checkout/done/{token}/change/").status_code == 404
    assert other.post(f"/checkout/done/{token}/pay/").status_code == 404
