"""Requests per second through tenant routing, against a plain view without it.

Three gunicorn servers (same worker class and count, loopback, DEBUG off) serve ``GET /``:

- ``routed``: the development settings, full middleware stack, host -> store lookup through the
  route cache (Redis, with a per-process copy in front), the storefront home page of a bench
  store (the headline figure);
- ``routed-plain``: the same routing, but the store URLconf serves the plain view (the cost of
  routing alone);
- ``plain``: no tenant middleware, the plain view (benchmarks/settings_plain.py).

The benchmarks' shared load generator (load.py: client processes, one thread and one http.client
connection per concurrent request, keep-alive whenever the server allows it) drives each server
for a fixed number of seconds after a warm-up. Servers are measured in turn, round after round,
and the median round is reported, so that a slow patch of the machine does not favour one of
them; a server whose rate or p50 drifts between rounds is flagged. The CPU time the server's
workers spent per request is read from /proc: unlike requests per second it does not depend on
how much CPU the load generator took.
"""

from __future__ import annotations

import os
import statistics

from .common import Result, log
from .load import LoadGenerator, Scenario, add_cache_figures, add_drift_figure, failures, run_rounds, scenario_details
from .servers import Server, start_server, stop_server, wait_ready

TARGET_RATIO = 0.80
ROUTE_STORE_CODE = "ROUTEBENCH"

SERVERS = [
    Server("routed", "config.settings.dev", "storefront home, tenant routing (full stack)"),
    Server("routed-plain", "benchmarks.settings_routed_plain", "plain view behind tenant routing"),
    Server("plain", "benchmarks.settings_plain", "plain view, no tenant lookup"),
]


def check_response(server: Server, status: int, body: str, store_name: str, store_code: str) -> None:
    expected = {
        "routed": store_name,
        "routed-plain": f"ok {store_code}",
        "plain": "ok -",
    }[server.label]
    if status != 200 or expected not in body:
        raise RuntimeError(f"{server.label} server answered {status} without {expected!r}: {body[:300]!r}")


# --- The benchmark -----------------------------------------------------------------------------


def ensure_store() -> tuple[str, str, str]:
    """A live bench store to route to; returns its host, name and code."""
    from apps.onboarding.services import merchant_signup
    from apps.tenancy.models import Store

    store = Store.objects.filter(code=ROUTE_STORE_CODE).first()
    if store is None:
        _merchant, store, _owner, _token = merchant_signup(
            company="Routing Bench S.A.",
            store_name="Routing Bench Store",
            store_code=ROUTE_STORE_CODE,
            owner_name="Routing Owner",
            email="owner@routing-bench.example",
            password="Bench-routing-Passw0rd!",
            send_welcome=False,
            email_confirmed=True,
            onboarded=True,  # a bench store is set up: its pages are not the wizard
        )
    return store.subdomain, store.name, store.code


def run(args, target) -> Result:
    from django.db import connections

    result = Result("routing")
    host, store_name, store_code = ensure_store()
    connections.close_all()
    servers = {s.label: Server(s.label, s.settings, s.description) for s in SERVERS}
    # One scenario per server, all on GET /: the home page is a cached listing, as visitors get it.
    scenarios = [Scenario(s.label, s.description, s.label, ["/"]) for s in servers.values()]
    generator = LoadGenerator(args.client_processes, args.connections)
    try:
        for server in servers.values():
            start_server(server, target, args.workers)
        for server in servers.values():
            status, body = wait_ready(server, host)
            check_response(server, status, body, store_name, store_code)
        run_rounds(
            generator,
            servers,
            host,
            scenarios,
            rounds=args.rounds,
            seconds=args.seconds,
            warmup=args.warmup,
            prefix="routing",
        )
    finally:
        generator.close()
        for server in servers.values():
            stop_server(server)
    report(result, servers, scenarios, generator, host, args)
    return result


def report(result: Result, servers: dict, scenarios: list[Scenario], generator: LoadGenerator, host: str, args) -> None:
    """The figures of the measured rounds, and the details behind them."""
    by_label = {scenario.key: scenario for scenario in scenarios}
    rps = {scenario.key: scenario.median("rps") for scenario in scenarios}
    cpu = {scenario.key: scenario.cpu_ms() for scenario in scenarios}
    bad = failures(scenarios)
    if bad:
        log(f"routing: WARNING, failed or non-200 requests: {bad}")

    note = (
        f"Host {host}; median of {args.rounds} rounds of {args.seconds:g} s per server, {args.workers} sync "
        f"workers, {args.connections} connections" + (f"; failed requests: {bad}" if bad else "")
    )
    for scenario in scenarios:
        result.add(f"{scenario.key}: {scenario.label}", rps[scenario.key], "req/s")
    target_text = f">= {TARGET_RATIO * 100:.0f} %"
    for label, what in (("routed", "routed home / plain"), ("routed-plain", "routed-plain / plain (routing alone)")):
        ratio = rps[label] / rps["plain"]
        figure = result.add(what, ratio * 100, "%", target_text, ratio >= TARGET_RATIO and not bad)
        if label == "routed":
            figure.note = note
    for scenario in scenarios:
        if cpu[scenario.key] is not None:
            result.add(f"{scenario.key}: server CPU per request", cpu[scenario.key], "ms")
    if cpu["plain"] and cpu["routed"] and cpu["routed-plain"]:
        # With the server CPU-bound, throughput is inversely proportional to CPU per request.
        result.add("routed home / plain, by server CPU", cpu["plain"] / cpu["routed"] * 100, "%")
        result.add("routing alone, by server CPU", cpu["plain"] / cpu["routed-plain"] * 100, "%")
    add_cache_figures(result, scenarios)
    drifts = add_drift_figure(result, scenarios, args.max_drift)

    plain = by_label["plain"]
    client_cores = [s["client_cpu_seconds"] / s["seconds"] for scenario in scenarios for s in scenario.samples]
    result.details = {
        "host": host,
        "workers": args.workers,
        "worker_class": "sync",
        "connections": args.connections,
        "client_processes": generator.processes,
        "seconds_per_round": args.seconds,
        "rounds": args.rounds,
        "warmup_seconds": args.warmup,
        "max_drift_pct": args.max_drift,
        "cpus": os.cpu_count(),
        "client_cpu_cores_used_median": statistics.median(client_cores),
        "rps_median": rps,
        "ratios_per_round": [
            {scenario.key: scenario.samples[i]["rps"] / plain.samples[i]["rps"] for scenario in scenarios}
            for i in range(args.rounds)
        ],
        "server_cpu_ms_per_request_median": cpu,
        "servers": {
            server.label: {"settings": server.settings, "description": server.description}
            for server in servers.values()
        },
        "scenarios": scenario_details(scenarios, drifts),
    }
