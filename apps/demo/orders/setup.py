"""A demo store's checkout set-up: offline payment methods with a demo IBAN, shipping methods for
every zone (and by weight, and click and collect), and discount codes in each state a merchant
meets (active, paused, expired, used up: the last through real redemptions, see history.py).
Matched by name and code, so a second run adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.orders.models import CheckoutSettings, DiscountCode, ShippingMethod

# An IBAN of the documentation ranges (valid check digits, no real account)
DEMO_IBAN = "LU28 0019 4006 4475 0000"
DEMO_BIC = "BCEELULL"

# (name, kind, zone, price, free above, delivery days)
SHIPPING = (
    ("Post Luxembourg", "flat", "lu", "4.90", "60.00", "1-2 days"),
    ("Post Belgium, Germany, France", "flat", "neighbours", "9.90", None, "2-4 days"),
    ("Post Europe", "flat", "eu", "14.90", None, "3-7 days"),
    ("Parcel by weight (Luxembourg)", "weight", "lu", "0", None, "1-2 days"),
    ("Click and collect", "pickup", "", "0", None, ""),
)
WEIGHT_RATES = [
    {"up_to_grams": 1000, "price": "3.90"},
    {"up_to_grams": 5000, "price": "6.90"},
    {"up_to_grams": 20000, "price": "11.90"},
]

WELCOME, SUMMER, SPRING, LAUNCH, SHIPFREE = "WELCOME10", "SUMMER15", "SPRING20", "LAUNCH5", "FREESHIP"
LAUNCH_MAX_USES = 3  # used up by the history's first orders


@dataclass
class DemoSetup:
    shipping: dict[str, ShippingMethod]  # zone (or "pickup", "weight") -> method
    codes: dict[str, DiscountCode]


def checkout_ensure(store) -> CheckoutSettings:
    settings, _created = CheckoutSettings.objects.get_or_create(
        store_id=store.id,
        defaults={
            "bank_transfer_enabled": True,
            "pay_at_pickup_enabled": True,
            "invoice_enabled": True,
            "account_holder": store.name,
            "iban": DEMO_IBAN,
            "bic": DEMO_BIC,
            "invoice_terms_days": 14,
        },
    )
    return settings


def shipping_ensure(store) -> dict[str, ShippingMethod]:
    found = {}
    for position, (name, kind, zone, price, free_above, days) in enumerate(SHIPPING):
        method, _created = ShippingMethod.objects.get_or_create(
            store_id=store.id,
            name=name,
            defaults={
                "kind": kind,
                "zone": zone,
                "price": Decimal(price),
                "free_above": Decimal(free_above) if free_above else None,
                "weight_rates": WEIGHT_RATES if kind == "weight" else [],
                "delivery_days": days,
                "pickup_instructions": "Ready the next working day at the shop counter." if kind == "pickup" else "",
                "position": position,
            },
        )
        found["pickup" if kind == "pickup" else "weight" if kind == "weight" else zone] = method
    return found


def codes_ensure(store) -> dict[str, DiscountCode]:
    now = timezone.now()
    specs = {
        WELCOME: {"kind": "percentage", "value": Decimal("10"), "max_uses_per_customer": 1},
        SUMMER: {"kind": "percentage", "value": Decimal("15"), "is_active": False},  # paused
        SPRING: {  # expired
            "kind": "percentage",
            "value": Decimal("20"),
            "starts_at": now - timedelta(days=120),
            "ends_at": now - timedelta(days=60),
        },
        LAUNCH: {"kind": "fixed", "value": Decimal("5"), "max_uses": LAUNCH_MAX_USES},  # used up by the history
        SHIPFREE: {"kind": "free_shipping", "min_order_value": Decimal("30")},
    }
    found = {}
    for code, values in specs.items():
        found[code], _created = DiscountCode.objects.get_or_create(
            store_id=store.id, code__iexact=code, defaults={"code": code, **values}
        )
    return found


def setup_ensure(store) -> DemoSetup:
    checkout_ensure(store)
    return DemoSetup(shipping=shipping_ensure(store), codes=codes_ensure(store))
