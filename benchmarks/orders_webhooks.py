"""A burst of Stripe webhooks: how fast the platform acknowledges them, and that each event is
processed exactly once.

One gunicorn server (sync workers, loopback, DEBUG off, development settings with Stripe keys)
and one Celery worker on the interactive queue, as `make run` has them. A bench store with a
connected Stripe account and 40 unpaid card orders. 200 signed webhooks (Stripe's signature
scheme) go out from 4 connections at once: 160 distinct events (40 checkout.session.completed,
one per order; 120 account.updated) and 40 duplicates of them (20 %), shuffled. Then the worker
is given time to drain the queue.

Figures: p50/p99 of the acknowledgement (request sent to answer read, client side); the same
for 200 webhooks with a bad signature in the same run (the baseline: the signature check alone,
nothing recorded or queued) and the ratio; events recorded and processed against 160 (each
exactly once), duplicates answered as such, orders paid and payments recorded (40 each).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

from .common import RESULTS_DIR, ROOT, Result, bench_env, log, percentile
from .servers import Server, start_server, stop_server

STORE_CODE = "HOOKBENCH"
SECRET = "whsec_bench_webhooks"
API_KEY = "sk_test_bench_webhooks"
ORDERS = 40
ACCOUNT_UPDATES = 120
DUPLICATE_SHARE = 0.20
CONNECTIONS = 4
TARGET_P99_MS = 100.0


def _signed(body: dict, secret: str = SECRET) -> tuple[bytes, str]:
    from tools.stripe_stub import sign

    payload = json.dumps(body)
    return payload.encode(), sign(payload, secret)


def ensure_store():
    """The bench store, connected to a (made-up) Stripe account, with unpaid card orders."""
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from apps.onboarding.services import merchant_signup
    from apps.orders import stripe_client
    from apps.orders.models import Order, StripeAccount
    from apps.tenancy import services as tenancy_services
    from apps.tenancy.models import Store

    connection.set_schema_to_public()  # a benchmark before may have left a merchant's schema set
    store = Store.objects.filter(code=STORE_CODE).first()
    if store is None:
        _merchant, store, _owner, _token = merchant_signup(
            company="Webhook Bench S.A.",
            store_name="Webhook Bench Store",
            store_code=STORE_CODE,
            owner_name="Webhook Owner",
            email="owner@webhook-bench.example",
            password="Bench-webhooks-Passw0rd!",
            send_welcome=False,
            email_confirmed=True,
            onboarded=True,  # a bench store is set up: its pages are not the wizard
        )
    account_id = f"acct_bench_{store.pk}"
    now = timezone.now()
    with tenant_context(store.merchant):
        StripeAccount.objects.filter(store_id=store.pk).delete()
        StripeAccount.objects.create(
            store_id=store.pk,
            account_id_encrypted=stripe_client.secret_encrypt(account_id),
            account_id_hash=tenancy_services.account_id_hash(account_id),
            charges_enabled=True,
        )
        Order.objects.filter(store_id=store.pk).delete()
        orders = Order.objects.bulk_create(
            Order(
                store_id=store.pk,
                number=f"{STORE_CODE}-{n:06d}",
                sequence_number=n,
                email=f"buyer{n}@bench.example",
                payment_method="card",
                subtotal=Decimal("25.00"),
                total=Decimal("25.00"),
                placed_at=now,
                expires_at=now + timedelta(hours=1),
            )
            for n in range(1, ORDERS + 1)
        )
    tenancy_services.payment_route_set(merchant=store.merchant, store_id=store.pk, account_id=account_id)
    return store, account_id, [order.pk for order in orders]


def build_events(schema: str, account_id: str, order_ids: list[int]) -> list[dict]:
    from tools.stripe_stub import event

    start = int(time.time()) - 600
    events = [
        event(
            "checkout.session.completed",
            {
                "id": f"cs_bench_{order_id}",
                "object": "checkout.session",
                "payment_status": "paid",
                "payment_intent": f"pi_bench_{order_id}",
                "amount_total": 2500,
                "client_reference_id": str(order_id),
                "metadata": {"order_id": str(order_id), "merchant_schema": schema},
            },
            account=account_id,
        )
        for order_id in order_ids
    ]
    events += [
        event(
            "account.updated",
            {"id": account_id, "object": "account", "charges_enabled": True, "payouts_enabled": n % 2 == 0},
            account=account_id,
            created=start + n,
        )
        for n in range(ACCOUNT_UPDATES)
    ]
    return events


def burst(port: int, host: str, bodies: list[tuple[bytes, str]]) -> tuple[list[float], dict[int, int], list[str]]:
    """Post every (payload, signature) from CONNECTIONS threads: latencies (ms), statuses, outcomes."""
    chunks = [bodies[i::CONNECTIONS] for i in range(CONNECTIONS)]

    def run(chunk):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        out = []
        for payload, signature in chunk:
            headers = {"Host": host, "Content-Type": "application/json", "Stripe-Signature": signature}
            started = time.perf_counter()
            conn.request("POST", "/webhooks/stripe/", body=payload, headers=headers)
            answer = conn.getresponse()
            text = answer.read()
            out.append(((time.perf_counter() - started) * 1000, answer.status, text))
            if answer.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        return out

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        samples = [sample for chunk in pool.map(run, chunks) for sample in chunk]
    statuses: dict[int, int] = {}
    outcomes = []
    for _ms, status, text in samples:
        statuses[status] = statuses.get(status, 0) + 1
        if status == 200:
            outcomes.append(json.loads(text).get("outcome", ""))
    return [ms for ms, _s, _t in samples], statuses, outcomes


def wait_processed(event_ids: set[str], seconds: float = 90) -> None:
    from apps.tenancy.models import PaymentWebhookEvent

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not PaymentWebhookEvent.objects.filter(event_id__in=event_ids, status="queued").exists():
            return
        time.sleep(0.5)


def _worker(target) -> subprocess.Popen:
    RESULTS_DIR.mkdir(exist_ok=True)
    env = bench_env(target, STRIPE_SECRET_KEY=API_KEY, STRIPE_WEBHOOK_SECRET=SECRET)
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "interactive", "-c", "1"]
    command += ["--loglevel=WARNING", "-n", "hookbench@%h"]
    with open(RESULTS_DIR / "orders_webhooks-worker.log", "w") as logfile:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=logfile, stderr=subprocess.STDOUT)


def run(args, target) -> Result:
    from django.conf import settings
    from django.db import connections
    from django_tenants.utils import tenant_context

    from apps.orders.models import Order, Payment
    from apps.tenancy.models import PaymentWebhookEvent

    result = Result("orders_webhooks")
    store, account_id, order_ids = ensure_store()
    events = build_events(store.merchant.schema_name, account_id, order_ids)
    PaymentWebhookEvent.objects.filter(event_id__in=[e["id"] for e in events]).delete()
    rng = random.Random(9)
    duplicates = rng.sample(events, round(len(events) * DUPLICATE_SHARE / (1 - DUPLICATE_SHARE)))
    sent = [*events, *duplicates]
    rng.shuffle(sent)
    bodies = [_signed(body) for body in sent]
    bad = [(payload, _signed(json.loads(payload), "whsec_wrong")[1]) for payload, _sig in bodies]
    connections.close_all()

    os.environ.update(STRIPE_SECRET_KEY=API_KEY, STRIPE_WEBHOOK_SECRET=SECRET)  # the server's environment
    server = Server("webhooks", "config.settings.dev", "the platform with Stripe keys")
    worker = _worker(target)
    start_server(server, target, args.workers, log_prefix="orders_webhooks")
    host = settings.PLATFORM_DOMAIN
    try:
        _wait_up(server, host)
        burst(server.port, host, bad[:20])  # warm-up: bad signatures change nothing
        base_ms, base_statuses, _ = burst(server.port, host, bad)
        ack_ms, statuses, outcomes = burst(server.port, host, bodies)
        wait_processed({e["id"] for e in events})
    finally:
        stop_server(server)
        worker.terminate()
        worker.wait(timeout=30)

    rows = PaymentWebhookEvent.objects.filter(event_id__in=[e["id"] for e in events])
    done = rows.exclude(status="queued").count()
    with tenant_context(store.merchant):
        paid = Order.objects.filter(pk__in=order_ids, payment_status="paid").count()
        payments = Payment.objects.filter(order_id__in=order_ids, provider="stripe").count()
    p99, base_p99 = percentile(ack_ms, 99), percentile(base_ms, 99)
    result.add("webhook acknowledged: p50", percentile(ack_ms, 50), "ms")
    result.add(
        "webhook acknowledged: p99",
        p99,
        "ms",
        f"< {TARGET_P99_MS:.0f} ms",
        p99 < TARGET_P99_MS,
        f"{len(sent)} webhooks",
    )
    result.add("bad signature refused (baseline): p99", base_p99, "ms", note=f"statuses {base_statuses}")
    result.add("acknowledged p99 / baseline p99", p99 / base_p99 if base_p99 else 0, "x")
    result.add("events recorded", rows.count(), "", f"= {len(events)}", rows.count() == len(events))
    result.add("events processed", done, "", f"= {len(events)} (each once)", done == len(events))
    dup = outcomes.count("duplicate")
    result.add("duplicates answered as duplicates", dup, "", f"= {len(duplicates)}", dup == len(duplicates))
    result.add("orders paid / payments recorded", payments, "", f"= {ORDERS} and {ORDERS}", paid == payments == ORDERS)
    result.details = {"statuses": statuses, "ack_ms": ack_ms, "baseline_ms": base_ms, "outcomes": outcomes}
    log(f"orders_webhooks: statuses {statuses}, outcomes queued {outcomes.count('queued')}, duplicate {dup}")
    return result


def _wait_up(server: Server, host: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the webhook server exited; see {server.log_path}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", "/", headers={"Host": host})
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the webhook server did not answer")
