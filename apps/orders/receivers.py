"""What the orders app does when something happens elsewhere or to an order. Connected in
OrdersConfig.ready()."""

# --- cart ---

from django.contrib.auth.signals import user_logged_in  # noqa: E402
from django.dispatch import receiver  # noqa: E402

from . import selectors, services  # noqa: E402


@receiver(user_logged_in, dispatch_uid="orders.cart_merge_at_login")
def cart_merge_at_login(sender, request, user, **kwargs) -> None:
    """A guest's cart joins the customer's cart when they sign in on the store's domain."""
    del sender, kwargs
    store, merchant = getattr(request, "store", None), getattr(request, "merchant", None)
    if store is None or merchant is None or "orders" not in merchant.enabled_modules:
        return
    token = request.session.get(selectors.CART_SESSION_KEY, "")
    guest = selectors.cart_find(store=store, token=token) if token else None
    if guest is None:
        return
    customer = services.customer_for_checkout(store=store, email=user.email, user=user)
    services.cart_merge(store=store, guest=guest, customer=customer)
