"""Give ORION its Letzshop demo against the local Letzshop sandbox (make run starts it and sets
LETZSHOP_SANDBOX_URL): connected with the sandbox's demo key, the feed imported in fr, de and en,
two thirds of it published, re-imported from the sandbox's current edition (so some products are
new, changed or gone since the last import) and its Letzshop order history synced. Safe to run
again: each step a run finished is skipped. Without a sandbox that answers it does nothing.

    manage.py demo_marketplace                                  # ORION
    manage.py demo_marketplace --stores ALPHA --sandbox http://127.0.0.1:12112
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from apps.demo.marketplace.loader import DemoStopped, MarketplaceDemo, feed_urls, sandbox_answers, sandbox_url
from apps.tenancy.models import Store

DEFAULT_STORES = ["ORION"]


class Command(BaseCommand):
    help = "Load ORION's Letzshop demo from the local Letzshop sandbox (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stores", action="append", default=[], metavar="CODE[,CODE...]", help="store codes (default: ORION)"
        )
        parser.add_argument(
            "--sandbox",
            default="",
            metavar="URL",
            help="the sandbox's address (default: LETZSHOP_SANDBOX_URL, or LETZSHOP_API_URL on this machine)",
        )
        parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for each job (600)")

    def _say(self, line: str) -> None:
        self.stdout.write(f"  {line}")
        self.stdout.flush()

    def handle(self, *args, **options):
        codes = [c.strip().upper() for value in options["stores"] for c in value.split(",") if c.strip()]
        stores = list(Store.objects.filter(code__in=codes or DEFAULT_STORES).select_related("merchant"))
        missing = sorted(set(codes) - {store.code for store in stores})
        if missing:
            raise CommandError(f"No store with the code {', '.join(missing)}.")
        if not stores:
            self.stdout.write("No demo stores yet: run demo_load first.")
            return
        sandbox = sandbox_url(options["sandbox"])
        if not sandbox or not sandbox_answers(sandbox):
            self.stdout.write(
                "Letzshop demo skipped: no Letzshop sandbox answers"
                + (f" at {sandbox}" if sandbox else " (set LETZSHOP_SANDBOX_URL or use make run)")
                + "."
            )
            return
        started = time.perf_counter()
        feed = feed_urls(sandbox, edition=None)["fr"]
        self.stdout.write(f"Loading the Letzshop demo from the sandbox at {sandbox}: feeds like {feed} (fr, de, en).")
        failed = False
        for store in sorted(stores, key=lambda s: s.code):
            with tenant_context(store.merchant):
                demo = MarketplaceDemo(store=store, sandbox=sandbox, say=self._say, timeout=options["timeout"])
                try:
                    demo.run()
                except DemoStopped as error:
                    failed = True
                    self.stdout.write(self.style.WARNING(f"  {store.code}: Letzshop demo stopped: {error}"))
                self._say(demo.summary())
        message = f"Letzshop demo in place in {time.perf_counter() - started:.1f} s."
        self.stdout.write(self.style.WARNING(message) if failed else self.style.SUCCESS(message))
