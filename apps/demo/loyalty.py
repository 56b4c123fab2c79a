"""The demo merchants' loyalty programmes (demo_load): WizaCorp runs a stamps card (10 stamps, a
free coffee), Fashion Group a points programme with rewards and tiers, BookWorld a hybrid one.
Every demo staff member has a terminal PIN in the stores they work in (STAFF_PINS, printed by
make run), and the demo customers plus a few dozen other members carry cards with about four
months of history across the merchant's stores, written through the ledger's own entry_post (dated
in the past), so balances, the day totals and the stats agree. Safe to run again: a merchant that
has a programme is left as it is."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.loyalty import services
from apps.loyalty.models import Card, Program, Reward, Tier, Transaction
from apps.tenancy.models import Store

from .loyalty_pins import STAFF_PINS

HISTORY_DAYS = 120
MEMBERS_PER_MERCHANT = 24

PROGRAMMES: dict[str, dict[str, Any]] = {
    "ORION": {
        "kind": Program.Kind.STAMPS,
        "name": "Orion Coffee Club",
        "stamps_target": 10,
        "stamps_reward": "A free coffee",
        "stamps_reward_value": Decimal("3.50"),
        "card_colour": "#4a2c1d",
        "text_colour": "#fff7ed",
        "welcome_bonus_stamps": 1,
        "referrals_enabled": True,
        "referral_bonus_referrer": 2,
        "referral_bonus_friend": 1,
    },
    "FASHIONHUB": {
        "kind": Program.Kind.POINTS,
        "name": "Fashion Group Rewards",
        "points_per_euro": Decimal("10"),
        "min_redemption_points": 500,
        "points_expiry_months": 12,
        "welcome_bonus_points": 200,
        "card_colour": "#7c1d4f",
        "text_colour": "#ffffff",
        "tiers_enabled": True,
    },
    "BOOKSTORE": {
        "kind": Program.Kind.HYBRID,
        "name": "BookWorld Lesezeichen",
        "stamps_target": 8,
        "stamps_reward": "A BookWorld tote bag",
        "points_per_euro": Decimal("2"),
        "card_colour": "#14532d",
        "text_colour": "#f0fdf4",
    },
}

REWARDS = {
    "FASHIONHUB": [("5 € voucher", 500, "5.00"), ("15 € voucher", 1200, "15.00"), ("Silk scarf", 2500, None)],
    "BOOKSTORE": [("Bookmark set", 60, "3.00"), ("10 € book voucher", 180, "10.00")],
}
TIERS = {"FASHIONHUB": [("Silver", 3000, "1.25"), ("Gold", 8000, "1.50")]}

FIRST = [
    "Nora",
    "Luc",
    "Emma",
    "Jos",
    "Mia",
    "Ben",
    "Laura",
    "Tom",
    "Sara",
    "Max",
    "Lina",
    "Yves",
    "Claire",
    "Noah",
    "Eva",
    "Felix",
    "Anne",
    "Raoul",
    "Jill",
    "Carlo",
    "Ines",
    "Pit",
    "Zoé",
    "Gil",
]
LAST = [
    "Schmit",
    "Muller",
    "Weber",
    "Wagner",
    "Hoffmann",
    "Klein",
    "Becker",
    "Schroeder",
    "Thill",
    "Reding",
    "Kremer",
    "Faber",
    "Lentz",
    "Meyer",
    "Kieffer",
    "Roth",
    "Jung",
    "Frank",
]


def demo_loyalty_load(*, first_store: Store, customers: list[str], seed: int = 11) -> str:
    """The programme, PINs, cards and history of the merchant whose first store is `first_store`
    (in its schema). Returns a line for the demo's log ("" when it was there already)."""
    spec = PROGRAMMES.get(first_store.code)
    if spec is None or Program.objects.exists():
        return ""
    stores = list(Store.objects.filter(merchant_id=first_store.merchant_id).order_by("id"))
    rng = random.Random(f"{seed}-{first_store.code}")
    with transaction.atomic():
        program = _programme(first_store.code, spec)
        pins = {
            s.id: [services.pin_create(store=s, actor=None, name=n, pin=p) for n, p in STAFF_PINS.get(s.code, [])]
            for s in stores
        }
        cards = _members(first_store, customers, rng)
        entries = sum(_history(card, program, stores, pins, rng) for card in cards)
        Program.objects.filter(pk=program.pk).update(
            welcome_bonus_points=spec.get("welcome_bonus_points", 0),
            welcome_bonus_stamps=spec.get("welcome_bonus_stamps", 0),
        )
    return f"{first_store.code}: {program.name} ({program.get_kind_display()}), {len(cards)} cards, {entries} entries"


def _programme(code: str, spec: dict[str, Any]) -> Program:
    values = {k: v for k, v in spec.items() if not k.startswith("welcome_bonus")}
    program = Program.objects.create(**values)
    for i, (name, cost, value) in enumerate(REWARDS.get(code, [])):
        Reward.objects.create(name=name, points_cost=cost, online_value=Decimal(value) if value else None, position=i)
    for name, threshold, multiplier in TIERS.get(code, []):
        Tier.objects.create(name=name, threshold=threshold, multiplier=Decimal(multiplier))
    return program


def _members(store: Store, customers: list[str], rng: random.Random) -> list[Card]:
    cards = []
    for email in customers:
        user = User.objects.filter(email=email).first()
        first, _sp, last = (user.full_name if user else "").partition(" ")
        cards.append(services.card_enrol(store=store, email=email, first_name=first, last_name=last, user=user))
    domain = store.code.lower()
    for i in range(MEMBERS_PER_MERCHANT):
        first, last = FIRST[i % len(FIRST)], rng.choice(LAST)
        email = f"{first.lower().replace('é', 'e')}.{last.lower()}.{i}@{domain}.example.lu"
        cards.append(
            services.card_enrol(
                store=store, email=email, first_name=first, last_name=last, marketing_consent=rng.random() < 0.5
            )
        )
    return cards


def _history(card: Card, program: Program, stores: list[Store], pins: dict, rng: random.Random) -> int:
    """About four months of visits: every few days, in one of the stores (mostly the first)."""
    now = timezone.now()
    at = now - timedelta(days=rng.randint(30, HISTORY_DAYS), hours=rng.randint(0, 8))
    Card.objects.filter(pk=card.pk).update(created_at=at)
    card = services.card_lock(card)
    count = 0
    last_earn = None
    while True:
        at += timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 9), minutes=rng.randint(0, 59))
        if at >= now - timedelta(hours=2):
            return count
        store = stores[0] if rng.random() < 0.6 else rng.choice(stores)
        store_pins = pins.get(store.id) or []
        terminal = services.Terminal(
            store=store, pin=rng.choice(store_pins) if store_pins else None, device="Demo till"
        )
        count, last_earn = _visit(card, program, terminal, at, rng, count, last_earn)


def _visit(card: Card, program: Program, terminal: Any, at: datetime, rng: random.Random, count: int, last_earn: Any):
    post = services.entry_post
    if program.has_stamps:
        last_earn = post(card=card, terminal=terminal, kind=Transaction.Kind.STAMP, stamps=1, at=at)
        count += 1
        if card.stamps_balance >= program.stamps_target and rng.random() < 0.7:
            card.rewards_redeemed += 1
            post(
                card=card,
                terminal=terminal,
                kind=Transaction.Kind.STAMP_REDEEM,
                stamps=-program.stamps_target,
                reward_name=program.stamps_reward,
                at=at + timedelta(minutes=1),
            )
            count += 1
    if program.has_points:
        amount = Decimal(rng.randint(800, 12000)) / 100
        last_earn = post(
            card=card,
            terminal=terminal,
            kind=Transaction.Kind.POINTS_EARN,
            points=services.points_for(program, amount),
            purchase_amount=amount,
            order_reference=f"R-{rng.randint(10000, 99999)}",
            at=at + timedelta(minutes=2),
        )
        count += 1
        affordable = [r for r in Reward.objects.filter(is_active=True) if r.points_cost <= card.points_balance]
        if affordable and card.points_balance >= program.min_redemption_points and rng.random() < 0.3:
            reward = rng.choice(affordable)
            card.rewards_redeemed += 1
            post(
                card=card,
                terminal=terminal,
                kind=Transaction.Kind.POINTS_REDEEM,
                points=-reward.points_cost,
                reward=reward,
                reward_name=reward.name,
                at=at + timedelta(minutes=3),
            )
            count += 1
    if last_earn is not None and rng.random() < 0.04:  # a return at the till
        stamps, points = (
            min(last_earn.stamps_delta, card.stamps_balance),
            min(last_earn.points_delta, card.points_balance),
        )
        if stamps or points:
            post(
                card=card,
                terminal=terminal,
                kind=Transaction.Kind.VOID,
                stamps=-stamps,
                points=-points,
                voids=last_earn,
                reason="Item returned",
                at=at + timedelta(minutes=10),
            )
            count += 1
        last_earn = None
    return count, last_earn
