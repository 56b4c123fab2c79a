"""Give stores a believable demo catalogue (after demo_load). Safe to run again: products are
matched by SKU, so a second run adds nothing and a larger --products adds only the missing ones.

    manage.py demo_catalog                              # every demo store of demo_load
    manage.py demo_catalog --stores ORION,WIZAHOME      # some of them
    manage.py demo_catalog --stores ALPHA --kind fashion --products 5 --renditions

Images are queued for the Celery worker, which makes their renditions; --renditions makes them
in this process instead (slower, but ready when the command ends), including those of demo images
an earlier run left waiting (no worker running, or one started before the catalog app existed).
With the demo orders (make run) comes ORION's Letzshop demo (demo_marketplace)."""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from apps.demo.catalog import CATALOGS, DEMO_STORES, load_in_process
from apps.demo.catalog.loader import store_load
from apps.tenancy.models import Store

DEFAULT_KIND = "electronics"
DEFAULT_COUNT = 60


def _plan(codes: list[str], kind: str | None, products: int | None) -> list[tuple[str, str, int]]:
    plan = []
    for code in codes:
        demo_kind, demo_count = DEMO_STORES.get(code, (DEFAULT_KIND, DEFAULT_COUNT))
        plan.append((code, kind or demo_kind, products if products is not None else demo_count))
    return plan


class Command(BaseCommand):
    help = "Load demo products, variants, stock and pictures into stores (idempotent)."

    def _progress(self, line: str) -> None:
        self.stdout.write(f"  {line}")
        self.stdout.flush()

    def add_arguments(self, parser):
        parser.add_argument(
            "--stores",
            action="append",
            default=[],
            metavar="CODE[,CODE...]",
            help="store codes (default: the demo stores of demo_load); repeat or separate by commas",
        )
        parser.add_argument(
            "--kind",
            choices=sorted(CATALOGS),
            help=f"catalogue for every store named (default: the demo store's own, else {DEFAULT_KIND})",
        )
        parser.add_argument(
            "--products", type=int, help=f"products per store (default: 50-150 per demo store, else {DEFAULT_COUNT})"
        )
        parser.add_argument("--seed", type=int, default=7, help="seed of the generator (default 7)")
        parser.add_argument(
            "--renditions",
            action="store_true",
            help="make image renditions now instead of in the worker (also for demo images still waiting)",
        )
        parser.add_argument(
            "--orders",
            action="store_true",
            default=None,
            help="then load the demo orders (demo_orders); default: when no --stores are named (make run)",
        )
        parser.add_argument(
            "--jobs", type=int, default=0, help="stores loaded in parallel processes (default: up to 2, 1: none)"
        )

    def handle(self, *args, **options):
        codes = [c.strip().upper() for value in options["stores"] for c in value.split(",") if c.strip()]
        if options["products"] is not None and options["products"] < 0:
            raise CommandError("--products must be 0 or more.")
        present = set(Store.objects.filter(code__in=codes or list(DEMO_STORES)).values_list("code", flat=True))
        if codes:
            missing = [c for c in codes if c not in present]
            if missing:
                raise CommandError(f"No store with the code {', '.join(missing)}.")
        else:
            codes = [c for c in DEMO_STORES if c in present]
            if not codes:
                self.stdout.write("No demo stores yet: run demo_load first.")
                return
        plan = _plan(codes, options["kind"], options["products"])
        jobs = options["jobs"] or min(2, os.cpu_count() or 1)
        jobs = max(1, min(jobs, len(plan)))
        started = time.perf_counter()
        self.stdout.write(
            f"Loading the demo catalogue: {sum(p[2] for p in plan)} products in {len(plan)} "
            f"store{'s' if len(plan) != 1 else ''}"
            f" ({', '.join(code for code, _kind, _count in plan)}), {jobs} at a time.",
        )
        self.stdout.flush()
        args = (options["seed"], options["renditions"])
        if jobs == 1:
            reports = [
                store_load(
                    code=code,
                    kind=kind,
                    count=count,
                    seed=options["seed"],
                    renditions=options["renditions"],
                    progress=self._progress,
                )
                for code, kind, count in plan
            ]
        else:
            connections.close_all()
            # The store the welcome banner shows first (the first demo store), then the biggest
            # catalogues, so the processes finish together.
            first = next(iter(DEMO_STORES))
            ordered = sorted(plan, key=lambda p: (p[0] != first, -p[2] * (4 if p[1] in ("fashion", "outlet") else 1)))
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
                futures = [pool.submit(load_in_process, code, kind, count, *args) for code, kind, count in ordered]
                reports = [future.result() for future in futures]
        for report in reports:
            self.stdout.write(f"  {report.line()}")
        images = sum(r.images - r.renditions for r in reports)
        if images:
            self.stdout.write(f"  {images} pictures added; the bulk worker resizes them (backfill lane).")
        created = sum(r.created for r in reports)
        failed = sum(len(r.failed) for r in reports)
        message = f"Demo catalogue in place: {created} products added in {time.perf_counter() - started:.1f} s."
        self.stdout.write(self.style.WARNING(message) if failed else self.style.SUCCESS(message))
        if options["orders"] if options["orders"] is not None else not options["stores"]:
            call_command("demo_orders", stores=[",".join(codes)], seed=options["seed"], stdout=self.stdout)
            # ORION's Letzshop demo, when make run's Letzshop sandbox answers (else a line says so)
            call_command("demo_marketplace", stdout=self.stdout)
