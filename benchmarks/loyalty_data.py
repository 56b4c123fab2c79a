"""The loyalty benchmarks' data: a bench merchant with a hybrid programme, staff PINs and cards,
made through the services (cards in bulk with SQL for the stats benchmark: loyalty_stats.py)."""

from __future__ import annotations

from decimal import Decimal

PIN = "4321"
PASSWORD = "Bench-loyalty-Passw0rd!"  # noqa: S105 - a bench account


def owner_email(code: str) -> str:
    return f"owner@{code.lower()}.bench.example"


def ensure_store(code: str, name: str):
    """A bench merchant and its store (made once per bench database), its schema entered."""
    from django.db import connection

    from apps.onboarding.services import merchant_signup
    from apps.tenancy.models import Store

    connection.set_schema_to_public()
    store = Store.objects.filter(code=code).select_related("merchant").first()
    if store is None:
        _merchant, store, _owner, _token = merchant_signup(
            company=f"{name} S.A.",
            store_name=name,
            store_code=code,
            owner_name="Loyalty Owner",
            email=owner_email(code),
            password=PASSWORD,
            send_welcome=False,
            email_confirmed=True,
            onboarded=True,
        )
        store = Store.objects.select_related("merchant").get(pk=store.pk)
    return store


def program_ensure(**fields):
    """The bench programme: hybrid, no cooldown, a daily limit no bench reaches, PINs required,
    no welcome bonus (balances then count only what the bench did)."""
    from apps.loyalty.models import Program, Reward

    values = {
        "kind": Program.Kind.HYBRID,
        "name": "Bench card",
        "stamps_target": 10,
        "stamps_reward": "Free coffee",
        "points_per_euro": Decimal("10"),
        "stamp_cooldown_minutes": 0,
        "max_stamps_per_day": 30_000,
        "pin_required": True,
        "welcome_bonus_points": 0,
        "welcome_bonus_stamps": 0,
        **fields,
    }
    program = Program.objects.filter(key=1).first()
    if program is None:
        program = Program.objects.create(**values)
    else:
        Program.objects.filter(key=1).update(**values)
        program.refresh_from_db()
    Reward.objects.get_or_create(name="Tote bag", defaults={"points_cost": 100, "online_value": Decimal("5.00")})
    return program


def pins_ensure(store, count: int) -> list[int]:
    from apps.loyalty import services
    from apps.loyalty.models import StaffPin

    ids = list(StaffPin.objects.filter(store_id=store.id).order_by("pk").values_list("pk", flat=True))
    for n in range(len(ids), count):
        ids.append(services.pin_create(store=store, actor=None, name=f"Staff {n + 1}", pin=PIN).pk)
    return ids[:count]


def cards_ensure(store, count: int) -> list[int]:
    """`count` cards enrolled through the service (customer, card, audit), ids in order."""
    from apps.loyalty import services
    from apps.loyalty.models import Card

    ids = list(Card.objects.order_by("pk").values_list("pk", flat=True)[:count])
    for n in range(len(ids), count):
        card = services.card_enrol(
            store=store, email=f"member{n:06d}@bench.example", first_name="Member", last_name=f"{n:06d}"
        )
        ids.append(card.pk)
    return ids
