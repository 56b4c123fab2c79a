from decimal import Decimal

from apps.catalog.models import InventoryItem, Variant
from apps.orders import services
from apps.orders.models import Cart, Order

from .factories import ADDRESS, shop_setup, variant


def _address(prefix, **overrides):
    data = {**ADDRESS, **overrides}
    return {f"{prefix}-{key}": value for key, value in data.items()}


def test_guest_buys_by_bank_transfer_through_the_pages(tenant_a):
    with tenant_a:
        methods = shop_setup(tenant_a.store)
        shirt = variant(tenant_a.store, stock=5, price="25.00", title={"en": "Shirt"})
    client = tenant_a.client()
    response = client.post("/cart/add/", {"variant": shirt.pk, "quantity": "2"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="mini-cart"' in response.content.decode() and "hx-swap-oob" in response.content.decode()
    page = client.get("/cart/").content.decode()
    assert "Shirt" in page
    details = {"step": "details", "email": "anna@example.lu", "billing_same": "on", **_address("shipping")}
    assert client.post("/checkout/", details).status_code == 302
    assert client.post("/checkout/", {"step": "shipping", "shipping_method": methods["lu"].pk}).status_code == 302
    assert client.post("/checkout/", {"step": "payment", "payment_method": "bank_transfer"}).status_code == 302
    review = client.get("/checkout/").content.decode()
    assert "Place order" in review and "Card (online)" in review
    placed = client.post("/checkout/", {"step": "place", "price": [f"{shirt.pk}:25.00"]})
    assert placed.status_code == 302 and "/checkout/done/" in placed["Location"]
    done = client.get(placed["Location"]).content.decode()
    with tenant_a:
        order = Order.objects.get()
        assert order.total == Decimal("54.90")
        assert InventoryItem.objects.get(variant=shirt).reserved == 2
        assert Cart.objects.get().status == Cart.Status.ORDERED
    assert order.number in done and "LU28 0019 4006 4475 0000" in done
    assert tenant_a.client().get(placed["Location"]).status_code == 200  # the signed link is the buyer's
    assert client.get(placed["Location"].replace("/done/", "/done/x")).status_code == 404


def test_country_not_shipped_to_is_refused(tenant_a):
    with tenant_a:
        shop_setup(tenant_a.store)
        item = variant(tenant_a.store)
    client = tenant_a.client()
    client.post("/cart/add/", {"variant": item.pk, "quantity": "1"})
    details = {
        "step": "details",
        "email": "anna@example.lu",
        "billing_same": "on",
        **_address("shipping", country="US"),
    }
    response = client.post("/checkout/", details)
    assert response.status_code == 400


def test_changed_price_sends_the_buyer_back_to_the_cart(tenant_a):
    with tenant_a:
        methods = shop_setup(tenant_a.store)
        item = variant(tenant_a.store, price="10.00")
    client = tenant_a.client()
    client.post("/cart/add/", {"variant": item.pk, "quantity": "1"})
    client.post(
        "/checkout/", {"step": "details", "email": "a@example.lu", "billing_same": "on", **_address("shipping")}
    )
    client.post("/checkout/", {"step": "shipping", "shipping_method": methods["lu"].pk})
    client.post("/checkout/", {"step": "payment", "payment_method": "bank_transfer"})
    with tenant_a:
        Variant.objects.filter(pk=item.pk).update(price=Decimal("12.00"))
    response = client.post("/checkout/", {"step": "place", "price": [f"{item.pk}:10.00"]}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/cart/")
    assert "price" in response.content.decode().lower()
    with tenant_a:
        assert not Order.objects.exists()
        assert Cart.objects.get().status == Cart.Status.OPEN


def test_card_without_stripe_shows_the_reason_disabled(tenant_a):
    with tenant_a:
        shop_setup(tenant_a.store)
        item = variant(tenant_a.store)
    client = tenant_a.client()
    client.post("/cart/add/", {"variant": item.pk, "quantity": "1"})
    page = client.get("/checkout/").content.decode()
    assert "Card payments are not configured" in page
    client.post("/checkout/", {"step": "payment", "payment_method": "card"})
    with tenant_a:
        assert Cart.objects.get().payment_method == ""


def test_add_to_cart_without_js_and_bad_input(tenant_a, tenant_b):
    with tenant_a:
        item = variant(tenant_a.store, stock=2)
    with tenant_b:
        foreign = variant(tenant_b.store)
    client = tenant_a.client()
    assert client.post("/cart/add/", {"variant": item.pk, "quantity": "1"})["Location"].endswith("/cart/")
    response = client.post("/cart/add/", {"variant": item.pk, "quantity": "5"}, follow=True)
    assert "left in stock" in response.content.decode()
    assert client.post("/cart/add/", {"variant": foreign.pk, "quantity": "1"}).status_code == 404
    response = client.post("/cart/add/", {"variant": item.pk, "quantity": "0"}, follow=True)
    assert response.status_code == 200


def test_cart_page_and_review_queries_are_constant(tenant_a, queries):
    with tenant_a:
        methods = shop_setup(tenant_a.store)
    client = tenant_a.client()
    counts = {}
    for n in (1, 4):
        with tenant_a:
            while True:
                cart = Cart.objects.filter(status="open").first()
                if cart is not None and cart.lines.count() >= n:
                    break
                item = variant(tenant_a.store)
                client.post("/cart/add/", {"variant": item.pk, "quantity": "1"})
            services.checkout_update(
                store=tenant_a.store,
                cart=cart,
                data=services.CheckoutInput(
                    email="a@example.lu", shipping_address=dict(ADDRESS), shipping_method_id=methods["lu"].pk
                ),
            )
        counts[n] = (queries.of_get(client, "/cart/").count, queries.of_get(client, "/checkout/").count)
    assert counts[1] == counts[4]
    assert counts[1][0] <= 20 and counts[1][1] <= 25
