"""Many merchants: the bench database topped up to N merchants the platform's way.

Each ``Merchant(...).save()`` copies the template schema (``Merchant.create_schema``), as a signup
does, without the store, domain and owner rows a signup adds: those do not change what
migrate_schemas or a schema copy costs.
"""

from __future__ import annotations

import time

from .common import log

SCHEMA_PREFIX = "m_bench_"


def populate(count: int) -> dict:
    """At least ``count`` merchants in the bench database; returns what was done."""
    from apps.tenancy.models import Merchant

    existing = set(Merchant.objects.values_list("schema_name", flat=True))
    missing = count - len(existing)
    if missing <= 0:
        return {"existing": len(existing), "created": 0}
    log(f"population: {len(existing)} merchants, creating {missing} more (Merchant.save(): schema copy)")
    seconds: list[float] = []
    index = 0
    while len(seconds) < missing:
        name = f"{SCHEMA_PREFIX}{index:04d}"
        index += 1
        if name in existing:
            continue
        start = time.perf_counter()
        Merchant(name=f"Bench merchant {name}", schema_name=name).save(verbosity=0)
        seconds.append(time.perf_counter() - start)
        if len(seconds) % 50 == 0:
            log(f"population: {len(seconds)}/{missing}, last schema copy {seconds[-1] * 1000:.0f} ms")
    total = sum(seconds)
    log(f"population: {missing} merchants added in {total:.1f} s")
    return {
        "existing": len(existing),
        "created": missing,
        "seconds": total,
        "first_schema_seconds": seconds[0],
        "last_schema_seconds": seconds[-1],
    }
