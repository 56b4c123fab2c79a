"""migrate_schemas with nothing to apply, on a database with many merchant schemas.

The bench database is topped up to ``--schemas`` merchants, each with its copy of the template
schema (benchmarks/population.py), then ``manage.py migrate_schemas --noinput`` runs as a
subprocess, timed from start to exit: Python start-up, Django set-up, the public schema, then
every merchant schema. The platform's fast executor runs ``--runs`` times; django-tenants'
standard executor (``--executor standard``: Django's migrate once per schema) once, for
comparison, unless ``--skip-standard``.
"""

from __future__ import annotations

import re

from .common import Result, bench_env, django_close, log, summary, timed_manage
from .population import populate

TARGET_S = 10.0
SUMMARY_RE = re.compile(r"\[migrate_schemas\] (\d+) tenant schemas: (\d+) up to date, (\d+) to migrate")


def schema_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'm\\_%'")
        return cursor.fetchone()[0]


def run(args, target) -> Result:
    from apps.tenancy.models import Merchant

    result = Result("migrate")
    setup = populate(args.schemas)
    merchants = Merchant.objects.count()
    schemas = schema_count()
    django_close()  # nothing of ours holds a connection while migrate_schemas runs
    env = bench_env(target)

    fast_runs: list[float] = []
    fast_output = ""
    for run_index in range(args.runs):
        log(f"migrate: manage.py migrate_schemas --noinput (fast executor), run {run_index + 1}/{args.runs}")
        elapsed, completed = timed_manage("migrate_schemas", "--noinput", env=env)
        fast_runs.append(elapsed)
        fast_output = completed.stdout
        match = SUMMARY_RE.search(completed.stdout)
        if match is None or match.group(3) != "0":
            log(f"migrate: WARNING, the run was not a no-op: {match.group(0) if match else completed.stdout[-500:]}")

    stats = summary(fast_runs)
    result.add(
        f"fast executor, {merchants} merchants (best of {args.runs})",
        stats["min"],
        "s",
        f"< {TARGET_S:.0f} s",
        stats["min"] < TARGET_S,
        note="runs: " + ", ".join(f"{s:.2f} s" for s in fast_runs),
    )

    standard = None
    if not args.skip_standard:
        log("migrate: manage.py migrate_schemas --noinput --executor standard (once; Django's migrate per schema)")
        standard, completed = timed_manage("migrate_schemas", "--noinput", "--executor", "standard", env=env)
        result.add(f"standard executor, {merchants} merchants", standard, "s")
        result.add("speed-up of the fast executor", standard / stats["min"], "x")

    match = SUMMARY_RE.search(fast_output)
    result.details = {
        "merchants": merchants,
        "merchant_schemas": schemas,
        "fast_seconds": fast_runs,
        "fast_summary": stats,
        "fast_executor_line": match.group(0) if match else None,
        "standard_seconds": standard,
        "setup": setup,
    }
    return result
