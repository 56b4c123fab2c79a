"""The loyalty stats page with 100,000 cards and 1,000,000 transactions in one merchant's schema.

A bench merchant (LOYSTATS) with the hybrid bench programme, 4 staff PINs and one card enrolled
through the service, which serves as the template of the rest: customers and cards are copied
from it with INSERT ... SELECT over generate_series (numbers, e-mails, tokens and dates made
unique), the transactions written the same way, ten per card over the last year in order: a
points purchase first (100-590 points), then stamps and purchases, one 100-point reward, spread
over the staff PINs. The ledger's days (LedgerDay) are then rebuilt from the transactions with one
INSERT ... SELECT ... GROUP BY, and the cards' balances, earned totals and last activity set from
their sums, so that every figure agrees with the ledger as the services would have kept it. Then
VACUUM ANALYZE, as autovacuum would soon do.

Timed through Django's test client signed in as the owner (the whole stack): the stats page
``/store/<code>/loyalty/stats/`` (30 days, ``?days=365``, ``?scope=store``), the cards list
(``/store/<code>/loyalty/cards/``, first page, a search and a balance filter), and the store
dashboard ``/store/<code>/`` as the baseline of the same run. Target: stats p95 under 200 ms.
"""

from __future__ import annotations

import time

from . import loyalty_data as data
from .common import Result, log, percentile

STORE_CODE = "LOYSTATS"
TARGET_P95_MS = 200.0
PER_CARD = 10
PAGES = {
    "stats, 30 days": ["loyalty/stats/"],
    "stats, 365 days": ["loyalty/stats/?days=365"],
    "stats, this store, 90 days": ["loyalty/stats/?days=90&scope=store"],
    "cards list": ["loyalty/cards/", "loyalty/cards/?q=member0042", "loyalty/cards/?page=50"],
}
HELD = ("stats, 30 days", "stats, 365 days", "stats, this store, 90 days")


def _columns(cursor, schema: str, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        [schema, table],
    )
    return [row[0] for row in cursor.fetchall()]


def _copy_rows(cursor, schema: str, table: str, template_id: int, count: int, overrides: dict[str, str]) -> None:
    """`count` copies of row `template_id` of `table`, with `overrides` (SQL over g: 1..count)."""
    columns = _columns(cursor, schema, table)
    values = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(
        f'INSERT INTO "{schema}"."{table}" ({names}) SELECT {values} '  # noqa: S608 - names from the catalog
        f'FROM generate_series(1, {int(count)}) AS g, "{schema}"."{table}" AS t WHERE t.id = {int(template_id)}'
    )


def _transactions(cursor, schema: str, cards: int, pins: list[int], names: list[str], store_id: int) -> None:
    """Ten entries per card, round r = 0..9 over the last year in order (see the module's docstring)."""
    pin_ids = "ARRAY[" + ",".join(str(p) for p in pins) + "]::bigint[]"
    pin_names = "ARRAY[" + ",".join(f"'{n}'" for n in names) + "]"
    cursor.execute(
        f"""
        INSERT INTO "{schema}".loyalty_transaction
            (card_id, kind, stamps_delta, points_delta, store_id, staff_pin_id, staff_name, purchase_amount,
             order_reference, reward_name, reason, ip_address, device, created_at)
        SELECT c.id,
               CASE WHEN s.r = 0 THEN 'points_earn' WHEN s.r = 8 THEN 'points_redeem'
                    WHEN (c.n + s.r) % 3 = 0 THEN 'stamp' ELSE 'points_earn' END,
               CASE WHEN s.r NOT IN (0, 8) AND (c.n + s.r) % 3 = 0 THEN 1 ELSE 0 END,
               CASE WHEN s.r = 0 THEN 100 + (c.n % 50) * 10 WHEN s.r = 8 THEN -100
                    WHEN (c.n + s.r) % 3 = 0 THEN 0 ELSE 10 + ((c.n * 7 + s.r) % 40) * 10 END,
               {int(store_id)},
               ({pin_ids})[1 + (c.n + s.r) % {len(pins)}],
               ({pin_names})[1 + (c.n + s.r) % {len(pins)}],
               CASE WHEN s.r <> 8 AND (s.r = 0 OR (c.n + s.r) % 3 <> 0) THEN 12.50 END,
               '', CASE WHEN s.r = 8 THEN 'Tote bag' ELSE '' END, '', NULL, 'bench till',
               now() - make_interval(days => (365 - s.r * 36 - (c.n * 13 + s.r * 7) % 36)::int,
                                     secs => ((c.n * 37 + s.r * 101) % 86400)::float8)
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "{schema}".loyalty_card) AS c
        CROSS JOIN generate_series(0, {PER_CARD - 1}) AS s(r)
        WHERE c.n <= {int(cards)}
        """  # noqa: S608 - numbers and names made here
    )


def _ledger_and_balances(cursor, schema: str, zone: str) -> None:
    cursor.execute(f'DELETE FROM "{schema}".loyalty_ledgerday')  # noqa: S608
    cursor.execute(
        f"""
        INSERT INTO "{schema}".loyalty_ledgerday (day, store_id, staff_pin_id, kind, count, stamps, points)
        SELECT (created_at AT TIME ZONE %s)::date, store_id, COALESCE(staff_pin_id, 0), kind,
               count(*), sum(stamps_delta), sum(points_delta)
        FROM "{schema}".loyalty_transaction GROUP BY 1, 2, 3, 4
        """,  # noqa: S608
        [zone],
    )
    cursor.execute(
        f"""
        UPDATE "{schema}".loyalty_card AS c SET
            stamps_balance = t.s, points_balance = t.p, stamps_earned = t.se, points_earned = t.pe,
            rewards_redeemed = t.rr, last_activity_at = t.last
        FROM (SELECT card_id, sum(stamps_delta) AS s, sum(points_delta) AS p,
                     sum(GREATEST(stamps_delta, 0)) AS se, sum(GREATEST(points_delta, 0)) AS pe,
                     count(*) FILTER (WHERE kind IN ('stamp_redeem', 'points_redeem')) AS rr,
                     max(created_at) AS last
              FROM "{schema}".loyalty_transaction GROUP BY card_id) AS t
        WHERE t.card_id = c.id
        """  # noqa: S608
    )


def populate(store, *, cards: int) -> dict:
    from django.db import connection

    from apps.loyalty.models import Card, StaffPin, Transaction
    from apps.orders.models import Customer

    connection.set_tenant(store.merchant)
    data.program_ensure()
    if Transaction.objects.count() >= cards * PER_CARD:
        return {"cards": Card.objects.count(), "transactions": Transaction.objects.count(), "seconds": 0.0}
    pins = data.pins_ensure(store, 4)
    names = list(StaffPin.objects.filter(pk__in=pins).order_by("pk").values_list("name", flat=True))
    template = Card.objects.select_related("customer").get(pk=data.cards_ensure(store, 1)[0])
    schema = store.merchant.schema_name
    began = time.perf_counter()
    have_customers, have_cards = Customer.objects.count(), Card.objects.count()  # after an interrupted run
    with connection.cursor() as cursor:
        _copy_rows(
            cursor,
            schema,
            "orders_customer",
            template.customer_id,
            0 if have_customers >= cards else cards - 1,
            {
                "number": f"{template.customer.number} + g",
                "email": "'member' || lpad(g::text, 6, '0') || '@stats.bench.example'",
                "last_name": "lpad(g::text, 6, '0')",
                "user_id": "NULL",
                "created_at": "now() - make_interval(days => 400 - g % 400)",
            },
        )
        log("loyalty_stats: customers written, now the cards")
        _copy_rows(
            cursor,
            schema,
            "loyalty_card",
            template.pk,
            0 if have_cards >= cards else cards - 1,
            {
                "number": "'9' || lpad(g::text, 11, '0')",
                "referral_code": "'R' || lpad(g::text, 10, '0')",
                "pass_token": "md5(g::text || random()::text)",
                "customer_id": f'(SELECT id FROM "{schema}".orders_customer '
                f"WHERE number = {template.customer.number} + g)",
                "created_at": "now() - make_interval(days => 400 - g % 400)",
                "is_active": "g % 50 <> 0",
            },
        )
        log(f"loyalty_stats: {cards:,} cards written, now {cards * PER_CARD:,} transactions")
        _transactions(cursor, schema, cards, pins, names, store.id)
        log("loyalty_stats: rebuilding the ledger's days and the balances from the transactions")
        _ledger_and_balances(cursor, schema, store.time_zone or "Europe/Luxembourg")
    seconds = time.perf_counter() - began
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:  # VACUUM cannot run inside Django's atomic blocks
        for table in ("orders_customer", "loyalty_card", "loyalty_transaction", "loyalty_ledgerday"):
            cursor.execute(f'VACUUM ANALYZE "{schema}".{table}')
    counts = {"cards": Card.objects.count(), "transactions": Transaction.objects.count(), "seconds": seconds}
    connection.set_schema_to_public()
    return counts


def consistent(store) -> bool:
    """Every card's balance equals its ledger, and the ledger's days its entries."""
    from django.db import connection

    connection.set_tenant(store.merchant)
    schema = store.merchant.schema_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT count(*) FROM "{schema}".loyalty_card c LEFT JOIN (SELECT card_id, sum(stamps_delta) s,
            sum(points_delta) p FROM "{schema}".loyalty_transaction GROUP BY card_id) t ON t.card_id = c.id
            WHERE c.stamps_balance <> COALESCE(t.s, 0) OR c.points_balance <> COALESCE(t.p, 0)"""  # noqa: S608
        )
        off_cards = cursor.fetchone()[0]
        cursor.execute(
            f"""SELECT (SELECT sum(count) FROM "{schema}".loyalty_ledgerday)
                     = (SELECT count(*) FROM "{schema}".loyalty_transaction)"""  # noqa: S608
        )
        days_ok = cursor.fetchone()[0]
    connection.set_schema_to_public()
    return off_cards == 0 and bool(days_ok)


def _time(client, paths: list[str], repeats: int) -> list[float]:
    for path in paths:
        response = client.get(path)  # warm
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    samples = []
    for _ in range(repeats):
        for path in paths:
            began = time.perf_counter()
            client.get(path)
            samples.append((time.perf_counter() - began) * 1000)
    return samples


def measure(store, repeats: int) -> dict[str, list[float]]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_tenants.utils import tenant_context

    client = Client(HTTP_HOST=store.subdomain)
    with tenant_context(store.merchant):
        client.force_login(get_user_model().objects.get(email=data.owner_email(STORE_CODE)))
    base = f"/store/{store.code}/"
    found = {name: _time(client, [base + p for p in paths], repeats) for name, paths in PAGES.items()}
    found["baseline"] = _time(client, [base], repeats * 2)
    return found


def run(args, _target) -> Result:
    result = Result("loyalty_stats")
    store = data.ensure_store(STORE_CODE, "Loyalty Stats Bench")
    log(f"loyalty_stats: writing {args.stats_cards:,} cards and {args.stats_cards * PER_CARD:,} transactions")
    counts = populate(store, cards=args.stats_cards)
    ok = consistent(store)
    log("loyalty_stats: timing the pages (Django test client, signed in as the owner)")
    samples = measure(store, args.stats_repeats)
    baseline = percentile(samples.pop("baseline"), 95)
    result.add("baseline: store dashboard, p95", baseline, "ms").note = "GET /store/<code>/, same client, same run"
    size = f"{counts['cards']:,} cards, {counts['transactions']:,} txns"
    for name, values in samples.items():
        p95 = percentile(values, 95)
        held = name in HELD
        figure = result.add(
            f"{name}, {size}: p95",
            p95,
            "ms",
            f"< {TARGET_P95_MS:.0f} ms" if held else "",
            p95 < TARGET_P95_MS if held else None,
        )
        figure.note = f"{len(values)} requests over {PAGES[name]}; p50 {percentile(values, 50):.1f} ms"
    result.add("data consistent (balances = ledger, days = entries)", int(ok), "", "= 1", ok)
    if counts["seconds"]:
        result.add("bulk data: customers, cards, transactions, days, balances (SQL)", counts["seconds"], "s")
    result.details = {"data": counts, "samples_ms": samples, "baseline_p95_ms": baseline}
    return result


def add_arguments(parser) -> None:
    group = parser.add_argument_group("loyalty_stats")
    group.add_argument(
        "--stats-cards", type=int, default=100_000, help="cards, ten transactions each (default 100,000)"
    )
    group.add_argument("--stats-repeats", type=int, default=15, help="requests of each address (default 15)")
