"""The store's order list and search with 100,000 orders in one store.

The orders are written with COPY (not through the services: a placement costs ~10 ms, 100,000 of
them would take most of the run): customers, orders over the last two years in every state and
channel, one line each, then ANALYZE. Then the store's order list page ``/store/<code>/orders/``
is requested through Django's test client (the whole stack: middleware, access, selector,
template), signed in as the owner: the first pages, filtered pages and searches by number, e-mail
and name. The store's dashboard ``/store/<code>/`` is measured the same way in the same run as the
baseline the list is compared with.

When the list page does not exist yet (it is built apart from this benchmark), the same reads are
timed as ORM queries of the page's shape (a page of 50 newest orders with their customer, and the
count for the pager; search: the trigram-indexed ``search_text`` LIKE), and the figures say so.
"""

from __future__ import annotations

import json
import random
import time
from datetime import timedelta
from urllib.parse import quote

from .common import Result, log, percentile

STORE_CODE = "ORDLIST"
TARGET_P95_MS = 100.0
PAGE = 50
CUSTOMERS = 20_000
CUSTOMER_NUMBER_FROM = 5_000_000  # far above the numbers the customer sequence hands out
FIRST = ("Anna", "Marc", "Sophie", "Paul", "Léa", "Tom", "Julie", "Luc", "Claire", "Yves", "Nora", "Jeff")
LAST = ("Muller", "Schmit", "Weber", "Wagner", "Hoffmann", "Klein", "Becker", "Reuter", "Thill", "Kieffer")
STATES = (  # (status, payment, fulfilment, weight)
    ("confirmed", "paid", "fulfilled", 30),
    ("confirmed", "paid", "delivered", 25),
    ("open", "pending", "unfulfilled", 12),
    ("confirmed", "paid", "unfulfilled", 10),
    ("confirmed", "partially_paid", "unfulfilled", 3),
    ("confirmed", "partially_refunded", "delivered", 5),
    ("confirmed", "refunded", "returned", 4),
    ("cancelled", "voided", "unfulfilled", 6),
    ("expired", "voided", "unfulfilled", 5),
)
ORDER_COLUMNS = (
    "created_at, updated_at, store_id, number, sequence_number, channel, status, payment_status, "
    "fulfilment_status, customer_id, email, customer_name, phone, language, shipping_address, billing_address, "
    "shipping_method_name, is_pickup, payment_method, currency, subtotal, discount_total, shipping_total, "
    "shipping_vat_rate, total, vat_total, vat_breakdown, paid_amount, refunded_amount, discount_code, note, "
    "placed_at, external_id, needs_attention, placed_by_email, search_text"
)


def ensure_store():
    """A second store of the orders bench merchant, its owner a member (the pages need one)."""
    from django.contrib.auth import get_user_model
    from django_tenants.utils import tenant_context

    from apps.accounts.services import membership_set
    from apps.core.roles import Role
    from apps.tenancy.models import Store
    from apps.tenancy.services import store_create

    from .orders_placement import ensure_store as bench_store

    store = Store.objects.filter(code=STORE_CODE).select_related("merchant").first()
    if store is None:
        merchant = bench_store().merchant
        store_create(merchant=merchant, code=STORE_CODE, name="Orders List Bench")
        store = Store.objects.select_related("merchant").get(code=STORE_CODE)
    with tenant_context(store.merchant):
        owner = get_user_model().objects.get(email="owner@orders-bench.example")
        membership_set(user=owner, store=store, role=Role.OWNER)
    return store


def _copy(cursor, table: str, columns: str, rows) -> None:
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _customers(cursor, schema: str, now) -> None:
    def rows():
        for n in range(CUSTOMERS):
            first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
            yield (now, now, CUSTOMER_NUMBER_FROM + n, f"customer{n}@orders-list.example", first, last, "", "en",
                   False, "", 0, 0)  # fmt: skip

    columns = (
        "created_at, updated_at, number, email, first_name, last_name, phone, language, marketing_consent, notes, "
        "orders_count, total_spent"
    )
    _copy(cursor, f'"{schema}".orders_customer', columns, rows())


def _order_rows(store, customer_ids: list[int], count: int, now, rng: random.Random):
    states = [state[:3] for state in STATES for _ in range(state[3])]
    address = json.dumps({"first_name": "Anna", "last_name": "Muller", "city": "Luxembourg", "country": "LU"})
    breakdown = json.dumps([{"rate": "17.00", "net": "42.74", "vat": "7.26", "gross": "50.00"}])
    for n in range(1, count + 1):
        status, payment, fulfilment = rng.choice(states)
        customer = rng.randrange(len(customer_ids))
        name = f"{FIRST[customer % len(FIRST)]} {LAST[(customer // len(FIRST)) % len(LAST)]}"
        email = f"customer{customer}@orders-list.example"
        number = f"{store.code}-{n:06d}"
        total = rng.randint(500, 40_000) / 100
        paid = total if payment in ("paid", "partially_refunded", "refunded") else 0
        refunded = paid if payment == "refunded" else (round(paid / 4, 2) if payment == "partially_refunded" else 0)
        placed = now - timedelta(minutes=(count - n) * 7 + rng.randrange(7))
        channel = "pos" if n % 9 == 0 else "storefront"
        yield (placed, placed, store.id, number, n, channel, status, payment, fulfilment, customer_ids[customer],
               email, name, "", "en", address, address, "Post LU", False, "bank_transfer", "EUR", total, 0, 0,
               17, total, round(total * 17 / 117, 2), breakdown, paid, refunded, "", "", placed, "", False, "",
               f"{number} {email} {name}".lower())  # fmt: skip


def populate(store, *, orders: int, seed: int = 3) -> dict:
    """`orders` orders in the store (written once; a kept bench database keeps them)."""
    from django.db import connection
    from django.utils import timezone

    from apps.orders.models import Customer, Order

    schema = store.merchant.schema_name
    connection.set_tenant(store.merchant)
    existing = Order.objects.filter(store_id=store.id).count()
    if existing >= orders:
        return {"orders": existing, "seconds": 0.0, "created": 0}
    began = time.perf_counter()
    now = timezone.now()
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:  # autocommit, as Django keeps it
        cursor.execute(
            f'DELETE FROM "{schema}".orders_orderline WHERE order_id IN '
            f'(SELECT id FROM "{schema}".orders_order WHERE store_id = %s)',
            [store.id],
        )
        cursor.execute(f'DELETE FROM "{schema}".orders_order WHERE store_id = %s', [store.id])
        if not Customer.objects.filter(email="customer0@orders-list.example").exists():
            _customers(cursor, schema, now)
        ids = dict(
            Customer.objects.filter(email__endswith="@orders-list.example").values_list("email", "pk").iterator()
        )
        customer_ids = [ids[f"customer{n}@orders-list.example"] for n in range(CUSTOMERS)]
        rows = _order_rows(store, customer_ids, orders, now, random.Random(seed))
        _copy(cursor, f'"{schema}".orders_order', ORDER_COLUMNS, rows)
        cursor.execute(
            f'INSERT INTO "{schema}".orders_orderline (order_id, product_title, variant_title, sku, gtin, quantity, '
            "unit_price, vat_rate, discount_amount, total, quantity_fulfilled, quantity_returned, external_id, "
            "needs_match, position) "
            "SELECT id, 'Bench product', '', 'BENCH-1', '', 1, total, 17, 0, total, 0, 0, '', false, 0 "
            f'FROM "{schema}".orders_order WHERE store_id = %s',
            [store.id],
        )
        for table in ("orders_customer", "orders_order", "orders_orderline"):
            cursor.execute(f'ANALYZE "{schema}".{table}')
    return {"orders": orders, "seconds": time.perf_counter() - began, "created": orders}


def _paths(store) -> dict[str, list[str]]:
    base = f"/store/{store.code}/orders/"
    searches = [f"{store.code}-004211", "customer1234@", "muller", "anna weber", "nobody-by-this-name"]
    return {
        "list": [base, f"{base}?page=2", f"{base}?payment_status=pending", f"{base}?status=cancelled&channel=pos"],
        "search": [f"{base}?q={quote(text)}" for text in searches],
        "baseline": [f"/store/{store.code}/"],
    }


def _client(store):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_tenants.utils import tenant_context

    client = Client(HTTP_HOST=store.subdomain)
    with tenant_context(store.merchant):
        owner = get_user_model().objects.get(email="owner@orders-bench.example")
        client.force_login(owner)
    return client


def _orm_reads(store):
    """The reads of the list page as ORM queries, for when the page does not exist yet."""
    from apps.orders.models import Order

    def list_page(query: dict) -> None:
        rows = Order.objects.filter(store_id=store.id).select_related("customer").order_by("-placed_at", "-id")
        text = query.pop("q", "")
        if text:
            rows = rows.filter(search_text__contains=text.lower())
        page = int(query.pop("page", 1))
        rows = rows.filter(**query)
        list(rows[(page - 1) * PAGE : page * PAGE])
        rows.count()

    return list_page


def _time(get, paths: list[str], repeats: int) -> list[float]:
    for path in paths:
        get(path)  # warm
    samples = []
    for _ in range(repeats):
        for path in paths:
            began = time.perf_counter()
            get(path)
            samples.append((time.perf_counter() - began) * 1000)
    return samples


def measure(store, *, repeats: int) -> dict:
    from urllib.parse import parse_qsl, urlsplit

    from django.db import connection

    connection.set_schema_to_public()
    client = _client(store)
    paths = _paths(store)
    probe = client.get(paths["list"][0])
    via_page = probe.status_code == 200
    if via_page:

        def get(path: str) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")

    else:
        connection.set_tenant(store.merchant)
        read = _orm_reads(store)

        def get(path: str) -> None:
            read(dict(parse_qsl(urlsplit(path).query)))

    found = {kind: _time(get, kind_paths, repeats) for kind, kind_paths in paths.items() if kind != "baseline"}
    connection.set_schema_to_public()
    found["baseline"] = _time(lambda path: client.get(path), paths["baseline"], repeats * 2)
    return {"via_page": via_page, "probe_status": probe.status_code, "ms": found, "paths": paths}


def add_figures(result: Result, data: dict, measured: dict) -> None:
    how = "GET /store/<code>/orders/ through the test client" if measured["via_page"] else (
        f"ORM queries of the page's shape: the list page answered {measured['probe_status']} (not built in this "
        "branch yet)"
    )  # fmt: skip
    baseline = percentile(measured["ms"]["baseline"], 95)
    result.add("baseline: store dashboard, p95", baseline, "ms").note = "GET /store/<code>/, same client, same run"
    for kind, label in (("list", "order list"), ("search", "order search")):
        p95 = percentile(measured["ms"][kind], 95)
        figure = result.add(
            f"{label}, {data['orders']:,} orders: p95", p95, "ms", f"< {TARGET_P95_MS:.0f} ms", p95 < TARGET_P95_MS
        )
        figure.note = f"{how}; {len(measured['ms'][kind])} requests over {measured['paths'][kind]}"
        result.add(f"{label}: p95 / dashboard p95", p95 / baseline, "x")
    if data.get("seconds"):
        result.add(f"bulk data: {data['created']:,} orders (COPY)", data["seconds"], "s")


def run(args, result: Result) -> dict:
    from django.db import connection

    store = ensure_store()
    log(f"orders: writing {args.orders:,} orders into {store.code} (COPY)")
    data = populate(store, orders=args.orders)
    connection.set_schema_to_public()
    log(f"orders: timing the order list and search ({data['orders']:,} orders)")
    measured = measure(store, repeats=args.list_repeats)
    log("orders: measured " + ("the list page" if measured["via_page"] else "ORM reads (no list page yet)"))
    add_figures(result, data, measured)
    return {"data": data, "list": {k: v for k, v in measured.items() if k != "ms"}, "samples_ms": measured["ms"]}
