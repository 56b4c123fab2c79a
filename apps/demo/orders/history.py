"""Ninety days of orders for a demo store, in every state a merchant meets, made through the
orders services so that stock, the stock ledger, totals, payments and customers' lifetime spend
agree with each other exactly as they would after real trade.

Every order is placed now (services.order_place), then taken through what happened to it
(payment_record, fulfilment_create, fulfilment_deliver, refund_create, return_request and
return_receive, order_cancel, order_expire, or a till sale with pos_sale_create); at the end one
UPDATE per table moves each order and its timeline, payments, shipments and returns back to the
day it was "placed" (the same shift for all of an order's rows, so their order is kept).

Deterministic (a generator seeded with the seed and the store's code) and done once: a store that
already has orders is left as it is. One transaction per store: all of its history or none. The
order signals are muted meanwhile: history is not news, so nobody is e-mailed about it.
"""

from __future__ import annotations

import contextlib
import math
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F, Max, Min
from django.utils import timezone

from apps.catalog import selectors as catalog_selectors
from apps.catalog.models import InventoryItem
from apps.core.errors import ApplicationError
from apps.core.roles import Role
from apps.orders import services, signals
from apps.orders.models import Customer, Order, OrderEvent, Refund
from apps.orders.services import invoices

from .people import GUESTS, address_of
from .setup import LAUNCH, LAUNCH_MAX_USES, SHIPFREE, WELCOME, DemoSetup, setup_ensure

DAYS = 90
MIN_LEFT = 3  # a variant is sold only while more than this many units are left
# what happens to an order, and how often
SCENARIOS = (
    ("delivered", 26),
    ("fulfilled", 10),
    ("paid", 9),
    ("unpaid", 8),
    ("partially_paid", 4),
    ("partly_refunded", 5),
    ("returned", 5),
    ("cancelled", 6),
    ("expired_card", 5),
    ("pickup", 6),
    ("pos", 16),
)
RECENT = {"paid", "unpaid", "partially_paid", "fulfilled", "pickup", "pos", "expired_card", "cancelled"}
CARRIERS = (("Post Luxembourg", "https://www.post.lu/track?code="), ("DHL", "https://www.dhl.com/track?id="))
SHIFTED = {  # table: timestamp columns moved back with the order
    "orders_order": ("created_at", "updated_at", "placed_at", "confirmed_at", "cancelled_at", "paid_at",
                     "fulfilled_at", "expires_at"),
    "orders_orderevent": ("created_at",),
    "orders_payment": ("created_at", "updated_at"),
    "orders_refund": ("created_at", "updated_at"),
    "orders_fulfilment": ("created_at", "updated_at", "delivered_at"),
    "orders_return": ("created_at", "updated_at"),
    "orders_discountredemption": ("created_at",),
}  # fmt: skip


@dataclass
class HistoryReport:
    store: str
    orders: int = 0
    skipped: int = 0  # nothing left in stock for the basket
    states: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    existing: bool = False

    def line(self) -> str:
        if self.existing:
            return f"{self.store}: orders already there, left as they are"
        mix = ", ".join(f"{n} {state}" for state, n in sorted(self.states.items()))
        return f"{self.store}: {self.orders} orders over {DAYS} days ({mix}) in {self.seconds:.1f} s"


@contextlib.contextmanager
def signals_muted() -> Iterator[None]:
    """The orders signals reach nobody meanwhile (no e-mails, no webhooks for history)."""
    muted = [
        signals.order_placed,
        signals.order_paid,
        signals.order_fulfilled,
        signals.order_cancelled,
        signals.order_refunded,
        signals.order_returned,
    ]
    saved = [(signal, signal.receivers) for signal in muted]
    for signal in muted:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


class _Store:
    """What the history of one store works with: its staff, its stock, its buyers."""

    def __init__(self, store, setup: DemoSetup, rng: random.Random):
        User = get_user_model()
        self.store, self.setup, self.rng = store, setup, rng
        staff = User.objects.filter(memberships__store_id=store.id).distinct()
        self.owner = staff.filter(memberships__role=Role.OWNER).order_by("pk").first()
        self.cashier = staff.filter(memberships__role=Role.CASHIER).order_by("pk").first() or self.owner
        self.users = list(User.objects.filter(memberships__isnull=True, is_active=True).order_by("email"))
        self.stock = dict(
            InventoryItem.objects.filter(variant__store_id=store.id, variant__product__status="active")
            .order_by("variant_id")
            .values_list("variant_id", F("quantity") - F("reserved"))
        )
        self.sku = dict(
            InventoryItem.objects.filter(variant_id__in=self.stock).values_list("variant_id", "variant__sku")
        )

    def basket(self) -> list[services.LineRequest]:
        available = [pk for pk, left in self.stock.items() if left > MIN_LEFT]
        if not available:
            return []
        chosen = self.rng.sample(available, min(len(available), self.rng.choice((1, 1, 1, 2, 2, 3))))
        lines = []
        for pk in chosen:
            quantity = min(self.rng.choice((1, 1, 1, 2)), self.stock[pk] - MIN_LEFT)
            self.stock[pk] -= quantity
            lines.append(services.LineRequest(variant_id=pk, quantity=quantity))
        return lines

    def buyer(self) -> tuple[str, object, dict[str, str]]:
        """(e-mail, user or None, address) of a demo customer (with an account) or a guest."""
        if self.users and self.rng.random() < 0.45:
            user = self.rng.choice(self.users)
            first, _space, last = (user.full_name or "Demo Customer").partition(" ")
            return user.email, user, address_of(first, last, "LU", self.rng)
        first, last, country = self.rng.choice(GUESTS)
        email = f"{first}.{last}@example.eu".lower().replace(" ", "")
        return email, None, address_of(first, last, country, self.rng)


def _shipping_for(ctx: _Store, country: str, pickup: bool) -> int:
    methods = ctx.setup.shipping
    if pickup:
        return methods["pickup"].pk
    if country == "LU":
        return methods["weight" if ctx.rng.random() < 0.15 else "lu"].pk
    return methods["neighbours" if country in ("BE", "DE", "FR") else "eu"].pk


def _code_for(ctx: _Store, email: str, used: set[str]) -> str:
    if ctx.setup.codes[LAUNCH].uses < LAUNCH_MAX_USES:
        ctx.setup.codes[LAUNCH].uses += 1  # counted here; the service counts it in the database
        return LAUNCH  # used up by the first orders online
    roll = ctx.rng.random()
    if roll < 0.08 and email not in used:
        used.add(email)
        return WELCOME
    return SHIPFREE if roll < 0.12 else ""


def _place(ctx: _Store, scenario: str, used: set[str]) -> Order | None:
    lines = ctx.basket()
    if not lines:
        return None
    if scenario == "pos":
        return _pos_sale(ctx, lines)
    email, user, address = ctx.buyer()
    method = {
        "expired_card": "card",
        "pickup": "pay_at_pickup",
        "partially_paid": "invoice",
    }.get(scenario, "bank_transfer")
    details = services.CheckoutDetails(
        email=email,
        payment_method=method,
        shipping_address=address,
        shipping_method_id=_shipping_for(ctx, address["country"], scenario == "pickup"),
        discount_code=_code_for(ctx, email, used),
        language=ctx.store.language,
    )
    return services.order_place(store=ctx.store, lines=lines, details=details, actor=user, user=user)


def _pos_sale(ctx: _Store, lines: list[services.LineRequest]) -> Order:
    """A till sale: cash handed over as the next note up (change given), or the card for the total."""
    sale = catalog_selectors.variants_for_sale(store=ctx.store, variant_ids=[line.variant_id for line in lines])
    total = sum((sale[line.variant_id].price * line.quantity for line in lines), Decimal("0"))
    if ctx.rng.random() < 0.55:
        payment = services.PosPayment(method="cash", amount=Decimal(math.ceil(total / 10) * 10))
    else:
        payment = services.PosPayment(method="card_present", amount=total)
    codes = [services.PosLine(code=ctx.sku[line.variant_id], quantity=line.quantity) for line in lines]
    return services.pos_sale_create(store=ctx.store, cashier=ctx.cashier, lines=codes, payments=[payment]).order


def _pay(ctx: _Store, order: Order, share: Decimal = Decimal("1")) -> None:
    amount = (order.total * share).quantize(Decimal("0.01"))
    if amount > 0 and order.balance_due > 0:
        services.payment_record(
            store=ctx.store, order_id=order.pk, amount=min(amount, order.balance_due), method=order.payment_method,
            actor=ctx.owner,
        )  # fmt: skip


def _ship(ctx: _Store, order: Order, *, deliver: bool, pickup: bool = False) -> None:
    carrier, url = ("", "") if pickup else ctx.rng.choice(CARRIERS)
    tracking = "" if pickup else f"LU{ctx.rng.randrange(10**9, 10**10)}"
    shipment = services.fulfilment_create(
        store=ctx.store,
        order_id=order.pk,
        actor=ctx.owner,
        carrier=carrier,
        tracking_number=tracking,
        tracking_url=f"{url}{tracking}" if url else "",
        notify_customer=False,
    )
    if deliver:
        services.fulfilment_deliver(store=ctx.store, order_id=order.pk, fulfilment_id=shipment.pk, actor=ctx.owner)


def _give_back(ctx: _Store, order: Order, *, returned: bool) -> None:
    line = order.lines.order_by("position").first()
    if not returned:
        services.refund_create(
            store=ctx.store, order_id=order.pk, actor=ctx.owner, reason="Damaged in transit",
            lines=[services.RefundLineRequest(order_line_id=line.pk, quantity=1)],
        )  # fmt: skip
        return
    ret = services.return_request(
        store=ctx.store,
        order_id=order.pk,
        actor=None,
        by_customer=True,
        reason="Does not fit",
        lines=[services.ReturnLineRequest(order_line_id=line.pk, quantity=line.quantity, reason="Does not fit")],
    )
    services.return_receive(
        store=ctx.store, order_id=order.pk, return_id=ret.pk, actor=ctx.owner, restock=True, refund=True
    )
    ctx.stock[line.variant_id] += line.quantity


def _release(ctx: _Store, order: Order) -> None:
    for line in order.lines.all():
        ctx.stock[line.variant_id] += line.quantity


def _live(ctx: _Store, order: Order, scenario: str) -> None:
    """Take a placed order through what happened to it."""
    if scenario in ("pos", "unpaid"):
        return
    if scenario == "cancelled":
        services.order_cancel(store=ctx.store, order_id=order.pk, actor=ctx.owner, reason="Changed their mind")
        _release(ctx, order)
        return
    if scenario == "expired_card":
        Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        services.order_expire(store=ctx.store, order_id=order.pk)
        _release(ctx, order)
        return
    _pay(ctx, order, Decimal("0.5") if scenario == "partially_paid" else Decimal("1"))
    if scenario in ("paid", "partially_paid"):
        return
    order.refresh_from_db()
    _ship(ctx, order, deliver=scenario not in ("fulfilled", "pickup"), pickup=scenario == "pickup")
    if scenario in ("partly_refunded", "returned"):
        _give_back(ctx, order, returned=scenario == "returned")


def _scenario(rng: random.Random, age_days: int) -> str:
    """Recent orders are still being worked on; old ones have reached their end."""
    names = [name for name, weight in SCENARIOS for _ in range(weight)]
    choice = rng.choice(names)
    if age_days < 4 and choice not in RECENT:
        return rng.choice(("paid", "unpaid", "fulfilled"))
    if age_days > 20 and choice in ("paid", "unpaid", "partially_paid"):
        return rng.choice(("delivered", choice))  # most old orders are done; some stay open
    return choice


def _when(rng: random.Random, now: datetime, index: int, count: int) -> datetime:
    """Spread over DAYS days, more towards now, in shop hours."""
    age = DAYS * (1 - (index + rng.random()) / count) ** 1.3
    day = (now - timedelta(days=age)).replace(hour=rng.randrange(8, 21), minute=rng.randrange(60))
    return min(day, now - timedelta(minutes=5 + rng.randrange(60)))


def _shift(moves: dict[int, datetime]) -> None:
    """Move each order and its rows back by the same interval: to when it was placed."""
    if not moves:
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS demo_shift")
        cursor.execute(
            "CREATE TEMP TABLE demo_shift ON COMMIT DROP AS "
            "SELECT o.id AS order_id, v.placed - o.placed_at AS delta "
            "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(order_id, placed) "
            "JOIN orders_order o ON o.id = v.order_id",
            [list(moves), list(moves.values())],
        )
        for table, columns in SHIFTED.items():
            key = "id" if table == "orders_order" else "order_id"
            sets = ", ".join(f"{column} = {column} + s.delta" for column in columns)
            # table and column names are the constants of SHIFTED
            cursor.execute(f"UPDATE {table} t SET {sets} FROM demo_shift s WHERE t.{key} = s.order_id")  # noqa: S608


def _customers_dates() -> None:
    """Customers' last order and their record's age follow their (moved) orders."""
    for row in (
        Order.objects.filter(customer__isnull=False)
        .values("customer_id")
        .annotate(first=Min("placed_at"), last=Max("placed_at"))
    ):
        Customer.objects.filter(pk=row["customer_id"]).update(last_order_at=row["last"])
        Customer.objects.filter(pk=row["customer_id"], created_at__gt=row["first"]).update(created_at=row["first"])


def _documents(store) -> None:
    """Invoices for what was paid and credit notes for what was refunded, dated when that
    happened and numbered in that order, as they would have been issued at the time."""
    due = [
        (order.paid_at, order.pk, None)
        for order in Order.objects.filter(store_id=store.id, paid_at__isnull=False).only("pk", "paid_at")
    ]
    due += [
        (refund.created_at, refund.order_id, refund.pk)
        for refund in Refund.objects.filter(order__store_id=store.id, status=Refund.Status.SUCCEEDED)
    ]
    for when, order_id, refund_id in sorted(due, key=lambda item: (item[0], item[1], item[2] or 0)):
        if refund_id is None:
            document = invoices.invoice_issue(store=store, order_id=order_id, actor=None, issued_at=when)
        else:
            document = invoices.credit_note_issue(
                store=store, order_id=order_id, refund_id=refund_id, actor=None, issued_at=when
            )
        # its line on the order's timeline, when it happened
        OrderEvent.objects.filter(order_id=order_id, kind="invoice", data__invoice=document.pk).update(created_at=when)


def history_load(store, *, seed: int = 7, orders: int = 150) -> HistoryReport:
    """The store's checkout set-up and, when it has no orders yet, its order history."""
    began = time.perf_counter()
    report = HistoryReport(store=store.code)
    rng = random.Random(f"{seed}:{store.code}")
    with signals_muted(), transaction.atomic():  # muted until after the commit's callbacks
        setup = setup_ensure(store)
        if Order.objects.filter(store_id=store.id).exists():
            report.existing = True
            return report
        ctx = _Store(store, setup, rng)
        now, used, moves = timezone.now(), set(), {}
        for index in range(orders):
            placed = _when(rng, now, index, orders)
            scenario = _scenario(rng, (now - placed).days)
            try:
                with transaction.atomic():
                    order = _place(ctx, scenario, used)
                    if order is None:
                        report.skipped += 1
                        continue
                    _live(ctx, order, scenario)
            except ApplicationError:
                report.skipped += 1  # e.g. a code the basket does not qualify for: history has gaps too
                continue
            moves[order.pk] = placed
            report.states[scenario] = report.states.get(scenario, 0) + 1
        _shift(moves)
        _customers_dates()
        _documents(store)
        report.orders = len(moves)
    report.seconds = time.perf_counter() - began
    return report
