"""Placing orders: queries and time of one checkout, and 50 buyers racing for one variant.

Everything goes through ``apps.orders.services.order_place``, in this process, against the bench
database (one bench store, ORDBENCH, with a few products in stock). Figures:

- the queries of a placement with 1 line and with 10 lines (target: the same number, under 40;
  Saleor's checkout completion runs about 230), counted with Django's CaptureQueriesContext;
- the median time of a 1-line and a 10-line placement, and as a multiple of the baseline, the
  median round trip of ``SELECT 1`` measured in the same run (what the machine's database costs
  per query, so the figure compares across machines);
- 50 buyers, each on its own thread and database connection, released at once on one hot variant
  with fewer units than buyers, in several rounds: orders per second (placed orders over the
  round's wall time), p95 of a buyer's wait, and oversell (units sold beyond the stock; target 0).
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from decimal import Decimal

from .common import Result, log, percentile

STORE_CODE = "ORDBENCH"
TARGET_QUERIES = 40
ADDRESS = {
    "first_name": "Anna",
    "last_name": "Muller",
    "line1": "12 rue de la Gare",
    "postal_code": "1611",
    "city": "Luxembourg",
    "country": "LU",
}


def ensure_store():
    """The orders bench merchant and its store (created once per bench database)."""
    from apps.onboarding.services import merchant_signup
    from apps.tenancy.models import Store

    store = Store.objects.filter(code=STORE_CODE).select_related("merchant").first()
    if store is None:
        _merchant, store, _owner, _token = merchant_signup(
            company="Orders Bench S.A.",
            store_name="Orders Bench Store",
            store_code=STORE_CODE,
            owner_name="Orders Owner",
            email="owner@orders-bench.example",
            password="Bench-orders-Passw0rd!",
            send_welcome=False,
            email_confirmed=True,
            onboarded=True,  # a bench store is set up: its pages are not the wizard
        )
        store = Store.objects.select_related("merchant").get(pk=store.pk)
    return store


def _products(store, count: int, *, stock: int, prefix: str) -> list[int]:
    """`count` products of one variant each; their variant ids."""
    from apps.catalog import services
    from apps.catalog.models import Variant

    ids = []
    for n in range(count):
        sku = f"{prefix}-{n:03d}"
        found = Variant.objects.filter(store_id=store.id, sku=sku).values_list("pk", flat=True).first()
        if found is None:
            product = services.product_create(
                store=store,
                actor=None,
                data={"sku": sku, "title": {"en": f"Bench {sku}"}, "price": "12.50", "status": "active"},
                stock=stock,
            )
            found = product.variants.get().pk
        ids.append(found)
    return ids


def _shipping(store) -> int:
    from apps.orders.models import ShippingMethod

    method, _ = ShippingMethod.objects.get_or_create(
        store_id=store.id, name="Post LU", defaults={"zone": "lu", "price": Decimal("4.90")}
    )
    return method.pk


def _place(store, variant_ids: list[int], shipping_id: int, email: str):
    from apps.orders import services

    return services.order_place(
        store=store,
        lines=[services.LineRequest(variant_id=pk, quantity=1) for pk in variant_ids],
        details=services.CheckoutDetails(
            email=email, payment_method="bank_transfer", shipping_address=ADDRESS, shipping_method_id=shipping_id
        ),
    )


def _round_trip_ms(samples: int = 200) -> float:
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(samples):
            began = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def placement(store, *, repeats: int) -> dict:
    """Queries and times of 1-line and 10-line placements, the customer existing (a returning buyer)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    variants = _products(store, 10, stock=1_000_000, prefix="PLACE")
    shipping = _shipping(store)
    email = "returning@orders-bench.example"
    _place(store, variants, shipping, email)  # the customer, the sequence and caches exist
    counts, times = {}, {}
    for size in (1, 10):
        with CaptureQueriesContext(connection) as captured:
            _place(store, variants[:size], shipping, email)
        counts[size] = len(captured.captured_queries)
        samples = []
        for _ in range(repeats):
            began = time.perf_counter()
            _place(store, variants[:size], shipping, email)
            samples.append((time.perf_counter() - began) * 1000)
        times[size] = samples
    return {"queries": counts, "ms": times, "round_trip_ms": _round_trip_ms()}


def _race_round(store, variant_id: int, shipping: int, *, buyers: int, n: int) -> dict:
    from django.db import connection, connections
    from django_tenants.utils import tenant_context

    from apps.catalog.models import InventoryItem
    from apps.core.errors import ValidationFailed

    waits: list[float] = []
    outcomes: list[str] = []
    barrier = threading.Barrier(buyers + 1)

    def buyer(index: int) -> None:
        try:
            connection.set_tenant(store.merchant)
            barrier.wait()
            began = time.perf_counter()
            try:
                _place(store, [variant_id], shipping, f"racer{n}-{index}@orders-bench.example")
                outcomes.append("placed")
            except ValidationFailed as error:
                outcomes.append(error.code)
            waits.append((time.perf_counter() - began) * 1000)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buyer, args=(index,)) for index in range(buyers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    with tenant_context(store.merchant):
        item = InventoryItem.objects.get(variant_id=variant_id)
    return {"wall_s": wall, "waits_ms": waits, "outcomes": outcomes, "left": item.quantity - item.reserved}


def race(store, *, buyers: int, stock: int, rounds: int) -> dict:
    from django.db import connection
    from django_tenants.utils import tenant_context

    results = []
    run_id = uuid.uuid4().hex[:6]  # a kept bench database keeps the sold-out variants of earlier runs
    for n in range(rounds):
        with tenant_context(store.merchant):
            (variant_id,) = _products(store, 1, stock=stock, prefix=f"HOT-{run_id}-{n}")
            shipping = _shipping(store)
        connection.set_schema_to_public()
        results.append(_race_round(store, variant_id, shipping, buyers=buyers, n=n))
    return {"buyers": buyers, "stock": stock, "rounds": results}


def add_figures(result: Result, placed: dict, raced: dict) -> None:
    one, ten = placed["queries"][1], placed["queries"][10]
    figure = result.add("order placement: queries, 1 line", one, "queries", f"< {TARGET_QUERIES}", one < TARGET_QUERIES)
    figure.note = "a returning customer, shipping and VAT computed, stock reserved; Saleor runs about 230"
    result.add("order placement: queries, 10 lines", ten, "queries", "= 1 line's", ten == one and ten < TARGET_QUERIES)
    trip = placed["round_trip_ms"]
    result.add("baseline: database round trip (SELECT 1), median", trip, "ms")
    for size in (1, 10):
        median = statistics.median(placed["ms"][size])
        result.add(f"order placement, {size} line{'s' if size > 1 else ''}: median", median, "ms")
        result.add(f"order placement, {size} line{'s' if size > 1 else ''}: / round trip", median / trip, "x")
    rounds = raced["rounds"]
    placed_counts = [r["outcomes"].count("placed") for r in rounds]
    rates = [count / r["wall_s"] for count, r in zip(placed_counts, rounds, strict=True)]
    waits = [w for r in rounds for w in r["waits_ms"]]
    oversell = sum(max(0, count - raced["stock"]) for count in placed_counts) + sum(max(0, -r["left"]) for r in rounds)
    refused = {code for r in rounds for code in r["outcomes"] if code != "placed"}
    label = f"{raced['buyers']} buyers on one variant ({raced['stock']} in stock)"
    figure = result.add(f"{label}: orders per second, median round", statistics.median(rates), "orders/s")
    figure.note = (
        f"{len(rounds)} rounds, threads each on their own connection, released at once; "
        f"placed per round {placed_counts}, others refused with {sorted(refused)}"
    )
    result.add(f"{label}: p95 wait of a buyer", percentile(waits, 95), "ms")
    result.add(f"{label}: oversell", oversell, "units", "0", oversell == 0 and all(r["left"] == 0 for r in rounds))


def run(args, result: Result) -> dict:
    from django.db import connection
    from django_tenants.utils import tenant_context

    store = ensure_store()
    log(f"orders: timing {args.placements} placements of 1 and of 10 lines")
    with tenant_context(store.merchant):
        placed = placement(store, repeats=args.placements)
    connection.set_schema_to_public()
    log(f"orders: {args.buyers} buyers racing for {args.hot_stock} units, {args.race_rounds} rounds")
    raced = race(store, buyers=args.buyers, stock=args.hot_stock, rounds=args.race_rounds)
    add_figures(result, placed, raced)
    return {"placement": placed, "race": raced}
