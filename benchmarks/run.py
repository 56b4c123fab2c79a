"""Run the platform's benchmarks against a throw-away database.

    python -m benchmarks.run [<name>|all] [options]    (names: BENCHMARKS below)
    make bench BENCH_ARGS="signup --signups 50"

The bench database (``bench_platform`` on the server of DATABASE_URL) is created fresh and
migrated with migrate_schemas, used by every selected benchmark in turn, and dropped at the end
(``--keep-db`` keeps it, ``--reuse-db`` starts from the one kept). Figures are printed as a
table and written to benchmarks/results/<benchmark>.json.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback

from . import (
    common,
    loyalty_passes,
    loyalty_stats,
    loyalty_terminal,
    marketplace_import,
    marketplace_staging,
    marketplace_sync,
    orders_bench,
)
from .common import Result, log

BENCHMARKS = (
    "signup",
    "migrate",
    "routing",
    "catalog",
    "orders",
    "orders_webhooks",
    "marketplace_import",
    "marketplace_staging",
    "marketplace_sync",
    "loyalty_terminal",
    "loyalty_passes",
    "loyalty_stats",
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("benchmark", nargs="?", default="all", choices=(*BENCHMARKS, "all"))
    db = parser.add_argument_group("bench database")
    db.add_argument("--keep-db", action="store_true", help="keep the bench database afterwards")
    db.add_argument("--reuse-db", action="store_true", help="start from an existing bench database")
    signup = parser.add_argument_group("signup")
    signup.add_argument("--signups", type=int, default=20, help="timed merchant_signup calls (default 20)")
    signup.add_argument(
        "--at-scale", type=int, default=200, metavar="N", help="then top up to N merchants (default 200)"
    )
    signup.add_argument(
        "--signups-at-scale", type=int, default=3, metavar="K", help="and time K more signups (default 3, 0: skip)"
    )
    signup.add_argument(
        "--profile", type=int, default=0, metavar="N", help="cProfile N more signups, write results/signup.prof"
    )
    migrate = parser.add_argument_group("migrate")
    migrate.add_argument("--schemas", type=int, default=200, help="merchant schemas to migrate (default 200)")
    migrate.add_argument("--runs", type=int, default=2, help="timed runs of the fast executor (default 2)")
    migrate.add_argument("--skip-standard", action="store_true", help="do not time the standard executor")
    routing = parser.add_argument_group("routing")
    routing.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server (default 2)")
    routing.add_argument("--connections", type=int, default=4, help="concurrent client connections (default 4)")
    routing.add_argument("--client-processes", type=int, default=2, help="load generator processes (default 2)")
    routing.add_argument("--seconds", type=float, default=4.0, help="seconds per measurement (default 4)")
    routing.add_argument("--rounds", type=int, default=5, help="measurements per server (default 5)")
    routing.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per server (default 2)")
    routing.add_argument(
        "--max-drift",
        type=float,
        default=25.0,
        metavar="PCT",
        help="flag a server or page kind whose rate or p50 moves by more than PCT %% between its slowest and "
        "fastest round (default 25; routing and catalog)",
    )
    catalog = parser.add_argument_group(
        "catalog (also uses --workers, --connections, --client-processes, --seconds, --warmup, --max-drift)"
    )
    catalog.add_argument("--products", type=int, default=50_000, help="products in the bench store (default 50,000)")
    catalog.add_argument("--catalog-rounds", type=int, default=3, help="measurements per page kind (default 3)")
    catalog.add_argument(
        "--images", type=int, default=20, help="photos for the renditions timing (default 20, at most 28)"
    )
    orders_bench.add_arguments(parser)
    marketplace_sync.add_arguments(parser)
    marketplace_import.add_arguments(parser)
    marketplace_staging.add_arguments(parser)
    loyalty_terminal.add_arguments(parser)
    loyalty_passes.add_arguments(parser)
    loyalty_stats.add_arguments(parser)
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    return parser.parse_args(argv)


def setup_database(target: common.BenchTarget, *, reuse: bool) -> dict:
    common.database_create(target, fresh=not reuse)
    common.redis_flush(target)
    log(f"migrating {target.database_name} (manage.py migrate_schemas)")
    elapsed, _ = common.timed_manage("migrate_schemas", "--noinput", env=common.bench_env(target))
    return {"reused": reuse, "migrate_seconds": elapsed}


def run_one(name: str, args: argparse.Namespace, target: common.BenchTarget) -> Result:
    from django.db import connections

    connections.close_all()
    if name == "signup":
        from . import signup

        return signup.run(args, target)
    if name == "migrate":
        from . import migrate

        return migrate.run(args, target)
    if name == "orders":
        return orders_bench.run(args, target)
    if name == "catalog":
        from . import catalog

        return catalog.run(args, target)
    if name == "marketplace_sync":
        return marketplace_sync.run(args, target)
    if name == "marketplace_import":
        return marketplace_import.run(args, target)
    if name == "marketplace_staging":
        return marketplace_staging.run(args, target)
    if name.startswith("loyalty_"):
        return {"loyalty_terminal": loyalty_terminal, "loyalty_passes": loyalty_passes, "loyalty_stats": loyalty_stats}[
            name
        ].run(args, target)
    if name == "orders_webhooks":
        from . import orders_webhooks

        return orders_webhooks.run(args, target)
    from . import routing

    return routing.run(args, target)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    selected = BENCHMARKS if args.benchmark == "all" else (args.benchmark,)
    target = common.bench_target()
    common.prepare_environment(target)
    env_info = common.environment_info()
    env_info["database"] = target.database_name
    env_info["settings"] = common.SETTINGS
    log(f"bench database {target.database_name}, Redis {target.redis_url} (development data is not touched)")

    results: list[Result] = []
    failed: list[str] = []
    started = time.perf_counter()
    try:
        env_info["database_setup"] = setup_database(target, reuse=args.reuse_db)
        common.django_setup()
        for name in selected:
            log(f"--- {name} ---")
            try:
                result = run_one(name, args, target)
            except Exception:
                traceback.print_exc()
                failed.append(name)
                continue
            results.append(result)
            path = common.write_result(result, env_info)
            log(f"{name}: results written to {path.relative_to(common.ROOT)}")
    finally:
        common.django_close()
        if args.keep_db:
            log(f"keeping database {target.database_name} (--reuse-db starts from it)")
        else:
            common.database_drop(target)

    common.print_table(results)
    log(f"done in {time.perf_counter() - started:.0f} s")
    if failed:
        log(f"FAILED: {', '.join(failed)}")
        return 2
    missed = [f"{r.name}: {f.name}" for r in results for f in r.missed]
    if missed:
        log("targets missed: " + "; ".join(missed))
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
