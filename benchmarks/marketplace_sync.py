"""Marketplace: the historical Letzshop order sync of 2,000 shipments from the local sandbox
(tools/letzshop_sandbox.py, started in this process), run as the jobs runner runs it: total time
and orders per second."""

from __future__ import annotations

import time

from .common import Result, log

STORE_CODE = "LZSYNC"


def add_arguments(parser) -> None:
    group = parser.add_argument_group("marketplace_sync")
    group.add_argument("--shipments", type=int, default=2000, help="sandbox shipments to sync (default 2,000)")


def _store():
    from apps.onboarding.services import merchant_signup
    from apps.tenancy.models import Store

    store = Store.objects.filter(code=STORE_CODE).select_related("merchant").first()
    if store is None:
        _merchant, store, _owner, _token = merchant_signup(
            company="Letzshop Sync Bench S.A.",
            store_name="Letzshop Sync Bench",
            store_code=STORE_CODE,
            owner_name="Sync Owner",
            email="owner@lzsync-bench.example",
            password="Bench-lzsync-Passw0rd!",
            send_welcome=False,
            email_confirmed=True,
            onboarded=True,  # a bench store is set up: its pages are not the wizard
        )
        store = Store.objects.select_related("merchant").get(pk=store.pk)
    return store


def _prepare(store, sandbox) -> None:
    """The connection with the sandbox's key, and the catalogue's variants to match against."""
    from apps.catalog import services as catalog_services
    from apps.core.secrets import secret_encrypt
    from apps.marketplace.models import LetzshopConnection
    from tools.letzshop_sandbox import DEMO_API_KEY

    LetzshopConnection.objects.update_or_create(
        store_id=store.id, defaults={"api_key_encrypted": secret_encrypt(DEMO_API_KEY), "api_key_hint": "0001"}
    )
    for item in sandbox.catalogue:
        catalog_services.product_create(
            store=store,
            actor=None,
            data={"sku": item.sku, "gtin": item.gtin, "title": {"en": item.titles["en"]}, "price": str(item.price)},
            stock=0,
        )


def run(args, _target) -> Result:
    from django.conf import settings
    from django_tenants.utils import tenant_context

    from apps.jobs.models import Job
    from apps.jobs.runner import job_execute
    from apps.jobs.services import job_create
    from apps.marketplace.services import order_sync
    from apps.orders.models import Order
    from tools.letzshop_sandbox import LetzshopSandbox

    result = Result("marketplace_sync")
    sandbox = LetzshopSandbox(shipment_count=args.shipments).start()
    settings.LETZSHOP_API_URL = sandbox.graphql_url
    # one run does it all: no turn handed back to a queue no worker of this process reads
    settings.JOBS_TURN_SECONDS = 24 * 60 * 60
    try:
        store = _store()
        with tenant_context(store.merchant):
            _prepare(store, sandbox)
            job = job_create(store=store, kind=order_sync.HISTORY_KIND, label="bench", params={}, total=0)
            log(f"syncing {args.shipments} shipments from the sandbox")
            started = time.perf_counter()
            job_execute(job_id=job.pk)
            elapsed = time.perf_counter() - started
            job.refresh_from_db()
            if job.status != Job.Status.DONE:
                raise RuntimeError(f"the sync job ended {job.status}: {job.error}")
            orders = Order.objects.filter(store_id=store.id, channel="letzshop").count()
    finally:
        sandbox.stop()
    result.add("historical sync, total", elapsed, "s", note=f"{args.shipments} shipments")
    result.add("orders per second", orders / elapsed if elapsed else 0.0, "orders/s")
    result.details = {"shipments": args.shipments, "orders": orders, "job_result": job.result, "seconds": elapsed}
    return result
