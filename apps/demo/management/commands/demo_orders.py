"""Give stores their checkout set-up (payment methods with a demo IBAN, shipping methods, discount
codes) and 90 days of orders in every state, through the orders services (after demo_catalog:
orders need products in stock). Safe to run again: the set-up is matched by name and code, and a
store that has orders already gets none.

    manage.py demo_orders                      # every demo store of demo_load
    manage.py demo_orders --stores ALPHA --orders 40
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from apps.demo.catalog import DEMO_STORES
from apps.demo.orders.history import history_load
from apps.tenancy.models import Store

DEFAULT_ORDERS = 150


class Command(BaseCommand):
    help = "Load demo checkout settings, shipping methods, discount codes and order history (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stores", action="append", default=[], metavar="CODE[,CODE...]", help="store codes (default: demo stores)"
        )
        parser.add_argument("--orders", type=int, default=DEFAULT_ORDERS, help=f"orders per store ({DEFAULT_ORDERS})")
        parser.add_argument("--seed", type=int, default=7, help="seed of the generator (default 7)")

    def handle(self, *args, **options):
        codes = [c.strip().upper() for value in options["stores"] for c in value.split(",") if c.strip()]
        if options["orders"] < 0:
            raise CommandError("--orders must be 0 or more.")
        stores = list(Store.objects.filter(code__in=codes or list(DEMO_STORES)).select_related("merchant"))
        missing = sorted(set(codes) - {store.code for store in stores})
        if missing:
            raise CommandError(f"No store with the code {', '.join(missing)}.")
        if not stores:
            self.stdout.write("No demo stores yet: run demo_load first.")
            return
        started = time.perf_counter()
        self.stdout.write(f"Loading demo orders into {len(stores)} store{'s' if len(stores) != 1 else ''}.")
        total = 0
        for store in sorted(stores, key=lambda s: s.code):
            with tenant_context(store.merchant):
                report = history_load(store, seed=options["seed"], orders=options["orders"])
            total += report.orders
            self.stdout.write(f"  {report.line()}")
            self.stdout.flush()
        message = f"Demo orders in place: {total} orders added in {time.perf_counter() - started:.1f} s."
        self.stdout.write(self.style.SUCCESS(message))
