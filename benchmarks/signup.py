"""Merchant signup: the time of one ``merchant_signup`` call, from validation to commit, for a
live store (schema copied from the template, store, platform subdomain, owner account).

The calls are timed on the fresh bench database (a handful of merchants), then, after it is
topped up to ``--at-scale`` merchants (200 by default), a few more: a schema copy that reads
information_schema slows down with every schema in the database, and this catches it.

Besides the total, each call is split into phases by timing a few functions while it runs
(wrappers around them, removed afterwards): validation, copying the template schema, hashing the
owner's password and the final commit; the rest is the store, domain, owner and audit rows.
"""

from __future__ import annotations

import contextlib
import cProfile
import pstats
import secrets
import statistics
import time
from io import StringIO

from .common import RESULTS_DIR, Result, log, summary

TARGET_MEDIAN_S = 1.0
PASSWORD = "Bench-signup-Passw0rd!"
VALIDATE = "validate (incl. password rules)"
SCHEMA = "schema copy (Merchant.create_schema)"
HASH = "password hash"
COMMIT = "commit"
OTHER = "other (store, domain, owner, audit rows)"


@contextlib.contextmanager
def phase_timers(spans: dict[str, float]):
    """Add the time spent in some functions to ``spans`` while the block runs."""
    from django.contrib.auth.hashers import get_hasher
    from django.db import connections

    from apps.onboarding import services
    from apps.tenancy.models import Merchant

    hooks = [
        (services, "_signup_validate", VALIDATE),
        (Merchant, "create_schema", SCHEMA),
        (type(get_hasher("default")), "encode", HASH),
        (type(connections["default"]), "commit", COMMIT),
    ]
    saved = []
    for owner, attr, label in hooks:
        original = getattr(owner, attr, None)
        if original is None:  # the code moved on: that phase goes into "other"
            continue
        saved.append((owner, attr, attr in vars(owner), vars(owner).get(attr)))

        # A plain function: set on a class it binds like the method it replaces.
        def wrapper(*args, _original=original, _label=label, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spans[_label] = spans.get(_label, 0.0) + time.perf_counter() - start

        setattr(owner, attr, wrapper)
    try:
        yield spans
    finally:
        for owner, attr, own, original in reversed(saved):
            if own:
                setattr(owner, attr, original)
            else:
                delattr(owner, attr)


def signup_once(prefix: str, index: int):
    from apps.onboarding.services import merchant_signup

    code = f"{prefix}{index:03d}"
    return merchant_signup(
        company=f"Bench Company {code}",
        store_name=f"Bench Store {code}",
        store_code=code,
        owner_name=f"Owner {code}",
        email=f"owner-{code.lower()}@bench.example",
        password=PASSWORD,
        send_welcome=False,
        email_confirmed=True,
    )


def check_live(merchant, store, owner, *, password: bool) -> None:
    """The signup produced a store that routes and an owner who can sign in (the password is
    checked when asked: a check costs as much as the hash)."""
    from django_tenants.utils import schema_exists, tenant_context

    from apps.accounts.models import StoreMembership, User
    from apps.tenancy.models import Domain
    from apps.tenancy.routing import resolve_host

    assert schema_exists(merchant.schema_name), f"no schema {merchant.schema_name}"
    assert Domain.objects.filter(
        tenant=merchant, store=store, domain=store.subdomain, status=Domain.Status.ACTIVE
    ).exists(), f"no active domain for {store.code}"
    route = resolve_host(store.subdomain)
    assert route is not None and route.store.pk == store.pk, f"{store.subdomain} does not route to {store.code}"
    with tenant_context(merchant):
        user = User.objects.get(pk=owner.pk)
        assert user.check_password(PASSWORD) if password else user.has_usable_password(), "owner cannot sign in"
        assert StoreMembership.objects.filter(user=user, store_id=store.pk, role="owner").exists(), "no owner role"


def template_size() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind, count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'tenant_template' GROUP BY c.relkind"
        )
        kinds = dict(cursor.fetchall())
    names = {"r": "tables", "i": "indexes", "S": "sequences", "v": "views"}
    return {names.get(kind, kind): count for kind, count in kinds.items()}


def merchant_count() -> int:
    from apps.tenancy.models import Merchant

    return Merchant.objects.count()


def time_signups(prefix: str, indexes: range, created: list) -> tuple[list[float], list[dict[str, float]]]:
    totals: list[float] = []
    phases: list[dict[str, float]] = []
    for index in indexes:
        spans: dict[str, float] = {}
        with phase_timers(spans):
            start = time.perf_counter()
            created.append(signup_once(prefix, index))
            totals.append(time.perf_counter() - start)
        phases.append(spans)
    return totals, phases


def phase_breakdown(totals: list[float], phases: list[dict[str, float]]) -> dict[str, float]:
    """Median seconds of each phase; "other" is the rest of each call."""
    measured = (VALIDATE, SCHEMA, HASH, COMMIT)
    breakdown = {label: statistics.median(p.get(label, 0.0) for p in phases) for label in measured}
    breakdown[OTHER] = statistics.median(
        t - sum(p.get(label, 0.0) for label in measured) for t, p in zip(totals, phases, strict=True)
    )
    return breakdown


def run(args, _target) -> Result:
    from django.contrib.auth.hashers import get_hasher

    from .population import populate

    result = Result("signup")
    prefix = "S" + secrets.token_hex(3).upper()  # unique store codes on a reused bench database
    target_text = f"< {TARGET_MEDIAN_S * 1000:.0f} ms"

    log("signup: 1 warm-up call (first call of the process, not counted)")
    start = time.perf_counter()
    created = [signup_once(prefix, 0)]
    cold = time.perf_counter() - start

    merchants_before = merchant_count() - 1
    log(f"signup: timing {args.signups} calls of merchant_signup")
    totals, phases = time_signups(prefix, range(1, args.signups + 1), created)
    stats = summary(totals)
    phase_medians = phase_breakdown(totals, phases)
    label = f"merchants {merchants_before + 2}-{merchants_before + 1 + args.signups}"
    result.add(f"median ({label})", stats["median"] * 1000, "ms", target_text, stats["median"] < TARGET_MEDIAN_S)
    result.add("p95", stats["p95"] * 1000, "ms")
    result.add("min", stats["min"] * 1000, "ms")
    result.add("max", stats["max"] * 1000, "ms")
    result.add("first call (cold, not counted)", cold * 1000, "ms")
    for phase, value in phase_medians.items():
        result.add(f"phase median: {phase}", value * 1000, "ms")

    scale: dict = {}
    if args.signups_at_scale and args.at_scale > merchant_count():
        scale["population"] = populate(args.at_scale)
        merchants = merchant_count()
        log(f"signup: timing {args.signups_at_scale} more calls with {merchants} merchants in the database")
        first = args.signups + 1
        scale_totals, scale_phases = time_signups(prefix, range(first, first + args.signups_at_scale), created)
        scale_stats = summary(scale_totals)
        scale_medians = phase_breakdown(scale_totals, scale_phases)
        ok = scale_stats["median"] < TARGET_MEDIAN_S
        result.add(f"median ({merchants} merchants)", scale_stats["median"] * 1000, "ms", target_text, ok)
        result.add(f"max ({merchants} merchants)", scale_stats["max"] * 1000, "ms")
        for phase in (SCHEMA, HASH, OTHER):
            result.add(f"phase median ({merchants} merchants): {phase}", scale_medians[phase] * 1000, "ms")
        scale.update(
            merchants=merchants,
            seconds=scale_totals,
            summary_seconds=scale_stats,
            phases_seconds=scale_phases,
            phase_medians_seconds=scale_medians,
        )

    for index, (merchant, store, owner, _token) in enumerate(created):
        check_live(merchant, store, owner, password=index in (0, len(created) - 1))
    log(f"signup: {len(created)} stores are live (schema, active subdomain that routes, owner account)")

    hasher = get_hasher("default")
    result.details = {
        "calls": args.signups,
        "merchants_before": merchants_before,
        "seconds": totals,
        "summary_seconds": stats,
        "phases_seconds": phases,
        "phase_medians_seconds": phase_medians,
        "first_call_seconds": cold,
        "at_scale": scale,
        "password_hasher": f"{hasher.algorithm} ({getattr(hasher, 'iterations', '?')} iterations)",
        "template_schema": template_size(),
        "store_codes": [store.code for _m, store, _o, _t in created],
    }

    if args.profile:
        result.details["profile"] = profile(prefix, len(created), args.profile)
    return result


def profile(prefix: str, first_index: int, calls: int) -> str:
    """cProfile a few more signups; the top of the profile goes to the results and the console."""
    log(f"signup: profiling {calls} more calls")
    profiler = cProfile.Profile()
    for index in range(first_index, first_index + calls):
        profiler.enable()
        signup_once(prefix, index)
        profiler.disable()
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / "signup.prof"
    profiler.dump_stats(str(path))
    out = StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    text = out.getvalue()
    print(text)
    log(f"signup: profile written to {path} (python -m pstats {path})")
    return text
