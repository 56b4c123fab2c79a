"""Loyalty test data: a programme, cards and staff PINs, built through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from apps.loyalty import services
from apps.loyalty.models import Card, Program, Reward, StaffPin

PIN = "4321"


def program_make(kind: str = Program.Kind.HYBRID, **fields: Any) -> Program:
    """The merchant's programme (replaced when one exists), with a 100-point reward."""
    Program.objects.filter(key=1).delete()
    values = {
        "name": "Test card",
        "stamps_target": 10,
        "stamps_reward": "Free coffee",
        "points_per_euro": Decimal("10"),
        "stamp_cooldown_minutes": 15,
        "max_stamps_per_day": 5,
        **fields,
    }
    program = Program.objects.create(kind=kind, **values)
    Reward.objects.get_or_create(name="Tote bag", defaults={"points_cost": 100, "online_value": Decimal("5.00")})
    return program


def pin_make(store: Any, name: str = "Alice", pin: str = PIN) -> StaffPin:
    return services.pin_create(store=store, actor=None, name=name, pin=pin)


def card_make(store: Any, email: str = "card@example.lu", **kwargs: Any) -> Card:
    return services.card_enrol(store=store, email=email, first_name="Carla", last_name="Card", **kwargs)


def ledger_balanced(card: Card) -> bool:
    """The card's balances equal the sums of its ledger."""
    card.refresh_from_db()
    rows = card.transactions.all()
    return card.stamps_balance == sum(t.stamps_delta for t in rows) and card.points_balance == sum(
        t.points_delta for t in rows
    )
