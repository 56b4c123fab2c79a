"""Merchant signup: the time of one ``merchant_signup`` call, from validation to commit, for a
live store (schema cloned from the template, store, platform subdomain, owner account).

Besides the total, each call is split into phases by timing a few functions while it runs
(wrappers around them, removed afterwards): validation, installing django-tenants' clone
function, copying the template schema, hashing the owner's password and the final commit.
"""

from __future__ import annotations

import contextlib
import cProfile
import pstats
import secrets
import time
from io import StringIO

from .common import RESULTS_DIR, Result, log, summary

TARGET_MEDIAN_S = 1.0
PASSWORD = "Bench-signup-Passw0rd!"


@contextlib.contextmanager
def phase_timers(spans: dict[str, float]):
    """Add the time spent in some functions to ``spans`` while the block runs."""
    from django.contrib.auth.hashers import get_hasher
    from django.db import connections
    from django_tenants.clone import CloneSchema

    from apps.tenancy import services

    hooks = [
        (services, "_signup_validate", "validate (incl. password rules)"),
        (CloneSchema, "_create_clone_schema_function", "clone: install clone_schema()"),
        (CloneSchema, "clone_schema", "clone: total"),
        (type(get_hasher("default")), "encode", "password hash"),
        (type(connections["default"]), "commit", "commit"),
    ]
    saved = []
    for owner, attr, label in hooks:
        original = getattr(owner, attr)
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
    from apps.tenancy.services import merchant_signup

    code = f"{prefix}{index:03d}"
    return merchant_signup(
        company=f"Bench Company {code}",
        store_name=f"Bench Store {code}",
        store_code=code,
        owner_name=f"Owner {code}",
        email=f"owner-{code.lower()}@bench.example",
        password=PASSWORD,
        send_welcome=False,
    )


def check_live(merchant, store, owner) -> None:
    """The signup produced a store that routes and an owner who can sign in."""
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
        assert user.check_password(PASSWORD), "owner password does not check"
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


def run(args) -> Result:
    from django.contrib.auth.hashers import get_hasher

    result = Result("signup")
    prefix = "S" + secrets.token_hex(3).upper()  # unique store codes on a reused bench database
    count = args.signups

    log("signup: 1 warm-up call (first call of the process, not counted)")
    start = time.perf_counter()
    created = [signup_once(prefix, 0)]
    cold = time.perf_counter() - start

    log(f"signup: timing {count} calls of merchant_signup")
    totals: list[float] = []
    phases: list[dict[str, float]] = []
    for index in range(1, count + 1):
        spans: dict[str, float] = {}
        with phase_timers(spans):
            start = time.perf_counter()
            created.append(signup_once(prefix, index))
            totals.append(time.perf_counter() - start)
        phases.append(spans)

    for merchant, store, owner, _token in created:
        check_live(merchant, store, owner)
    log(f"signup: {len(created)} stores are live (schema, active subdomain that routes, owner account)")

    stats = summary(totals)
    labels = list(phases[0])
    phase_medians = {label: summary([p.get(label, 0.0) for p in phases])["median"] for label in labels}
    clone_total = phase_medians.pop("clone: total", 0.0)
    phase_medians["clone: copy template schema"] = clone_total - phase_medians.get("clone: install clone_schema()", 0)
    per_call_other = [
        t - sum(v for k, v in p.items() if k != "clone: install clone_schema()")
        for t, p in zip(totals, phases, strict=True)
    ]
    phase_medians["other (rows, audit, signals)"] = summary(per_call_other)["median"]

    ok = stats["median"] < TARGET_MEDIAN_S
    result.add("median", stats["median"] * 1000, "ms", f"< {TARGET_MEDIAN_S * 1000:.0f} ms", ok)
    result.add("p95", stats["p95"] * 1000, "ms")
    result.add("min", stats["min"] * 1000, "ms")
    result.add("max", stats["max"] * 1000, "ms")
    result.add("first call (cold, not counted)", cold * 1000, "ms")
    for label, value in phase_medians.items():
        result.add(f"phase median: {label}", value * 1000, "ms")

    hasher = get_hasher("default")
    result.details = {
        "calls": count,
        "seconds": totals,
        "summary_seconds": stats,
        "phases_seconds": phases,
        "phase_medians_seconds": phase_medians,
        "first_call_seconds": cold,
        "password_hasher": f"{hasher.algorithm} ({getattr(hasher, 'iterations', '?')} iterations)",
        "template_schema": template_size(),
        "store_codes": [store.code for _m, store, _o, _t in created],
    }

    if args.profile:
        result.details["profile"] = profile(prefix, count + 1, args.profile)
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
