"""Orders test data, made through the services."""

from __future__ import annotations

from decimal import Decimal

from apps.orders import services
from apps.orders.models import CheckoutSettings, ShippingMethod

from ..catalog.factories import product

ADDRESS = {
    "first_name": "Anna",
    "last_name": "Muller",
    "line1": "12 rue de la Gare",
    "postal_code": "1611",
    "city": "Luxembourg",
    "country": "LU",
    "phone": "+352 621 123 456",
}


def shop_setup(store, *, bank_transfer: bool = True) -> dict[str, ShippingMethod]:
    """Checkout settings and shipping methods as a typical store has them."""
    CheckoutSettings.objects.update_or_create(
        store_id=store.id,
        defaults={
            "bank_transfer_enabled": bank_transfer,
            "pay_at_pickup_enabled": True,
            "iban": "LU28 0019 4006 4475 0000",
            "account_holder": store.name,
        },
    )
    return {
        "lu": ShippingMethod.objects.create(
            store_id=store.id, name="Post LU", zone="lu", price=Decimal("4.90"), free_above=Decimal("60.00")
        ),
        "neighbours": ShippingMethod.objects.create(
            store_id=store.id, name="Post BE/DE/FR", zone="neighbours", price=Decimal("9.90")
        ),
        "pickup": ShippingMethod.objects.create(store_id=store.id, name="Pickup", kind="pickup", zone=""),
    }


def variant(store, *, stock: int = 10, price: str = "10.00", **data):
    return product(store, stock=stock, price=price, **data).variants.get()


def details(**overrides) -> services.CheckoutDetails:
    data = {
        "email": "anna@example.lu",
        "payment_method": "bank_transfer",
        "shipping_address": dict(ADDRESS),
        "language": "fr",
    }
    data.update(overrides)
    return services.CheckoutDetails(**data)


def place(store, variants_and_quantities, *, methods=None, **overrides):
    lines = [services.LineRequest(variant_id=v.pk, quantity=q) for v, q in variants_and_quantities]
    if methods is not None and "shipping_method_id" not in overrides:
        overrides["shipping_method_id"] = methods["lu"].pk
    return services.order_place(store=store, lines=lines, details=details(**overrides))
