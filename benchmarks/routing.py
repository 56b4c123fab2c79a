"""Requests per second through tenant routing, against a plain view without it.

Three gunicorn servers (same worker class and count, loopback, DEBUG off) serve ``GET /``:

- ``routed``: the development settings, full middleware stack, host -> store lookup through the
  route cache (Redis, with a per-process copy in front), the storefront home page of a bench
  store (the headline figure);
- ``routed-plain``: the same routing, but the store URLconf serves the plain view (the cost of
  routing alone);
- ``plain``: no tenant middleware, the plain view (benchmarks/settings_plain.py).

A pure-Python load generator (client processes, one thread and one http.client connection per
concurrent request, keep-alive whenever the server allows it) drives each server for a fixed
number of seconds after a warm-up. Servers are measured in turn, round after round, and the median
round is reported, so that a slow patch of the machine does not favour one of them. The CPU time
the server's workers spent per request is read from /proc: unlike requests per second it does not
depend on how much CPU the load generator took.
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from .common import RESULTS_DIR, ROOT, Result, bench_env, free_port, log, percentile

TARGET_RATIO = 0.80
ROUTE_STORE_CODE = "ROUTEBENCH"


@dataclass
class Server:
    label: str
    settings: str
    description: str
    port: int = 0
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    rounds: list[dict] = field(default_factory=list)


SERVERS = [
    Server("routed", "config.settings.dev", "storefront home, tenant routing (full stack)"),
    Server("routed-plain", "benchmarks.settings_routed_plain", "plain view behind tenant routing"),
    Server("plain", "benchmarks.settings_plain", "plain view, no tenant lookup"),
]


# --- The load generator (runs in client processes) ---------------------------------------------


def _connection_loop(
    port: int,
    host: str,
    path: str | list[str],
    start_at: float,
    end_at: float,
    out: dict,
    first: int = 0,
    bust: str = "",
) -> None:
    """Requests one after the other on one connection. Several paths are taken in turn (from a
    different one on each connection); ``bust`` names a query parameter given a new value on every
    request, so that no two requests share a cache key."""
    paths = [path] if isinstance(path, str) else list(path)
    sent = first
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": host, "Accept": "text/html", "User-Agent": "platform-bench"}
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors = 0
    delay = start_at - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    while True:
        began = time.monotonic()
        if began >= end_at:
            break
        target = paths[sent % len(paths)]
        sent += 1
        if bust:
            target += f"{'&' if '?' in target else '?'}{bust}={os.getpid()}.{first}.{sent}"
        try:
            conn.request("GET", target, headers=headers)
            response = conn.getresponse()
            response.read()
            statuses[response.status] += 1
            if response.will_close:
                conn.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            continue
        latencies.append(time.monotonic() - began)
    conn.close()
    out.update(latencies=latencies, statuses=statuses, errors=errors, finished=time.monotonic())


def load_process(
    port: int, host: str, path: str | list[str], connections: int, start_at: float, seconds: float, bust: str = ""
) -> dict:
    """One client process: ``connections`` threads, each with its own connection."""
    cpu_before = time.process_time()
    outs: list[dict] = [{} for _ in range(connections)]
    end_at = start_at + seconds
    offset = os.getpid() % 97  # client processes start at different paths too
    threads = [
        threading.Thread(target=_connection_loop, args=(port, host, path, start_at, end_at, out, offset + 7 * i, bust))
        for i, out in enumerate(outs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses: Counter = Counter()
    for out in outs:
        statuses.update(out["statuses"])
    return {
        "latencies": [value for out in outs for value in out["latencies"]],
        "statuses": dict(statuses),
        "errors": sum(out["errors"] for out in outs),
        "finished": max(out["finished"] for out in outs),
        "cpu": time.process_time() - cpu_before,
    }


class LoadGenerator:
    def __init__(self, processes: int, connections: int) -> None:
        self.processes = max(1, min(processes, connections))
        base, extra = divmod(connections, self.processes)
        self.split = [base + (1 if i < extra else 0) for i in range(self.processes)]
        self.pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=get_context("spawn"))

    def run(self, port: int, host: str, seconds: float, path: str | list[str] = "/", bust: str = "") -> dict:
        start_at = time.monotonic() + 0.5  # every client process starts at the same moment
        futures = [
            self.pool.submit(load_process, port, host, path, count, start_at, seconds, bust) for count in self.split
        ]
        parts = [future.result() for future in futures]
        latencies = sorted(value for part in parts for value in part["latencies"])
        statuses: Counter = Counter()
        for part in parts:
            statuses.update(part["statuses"])
        elapsed = max(part["finished"] for part in parts) - start_at
        ok = statuses.get(200, 0)
        return {
            "seconds": elapsed,
            "requests": len(latencies),
            "ok": ok,
            "statuses": {str(k): v for k, v in statuses.items()},
            "errors": sum(part["errors"] for part in parts),
            "rps": ok / elapsed,
            "latency_ms": {
                "p50": percentile(latencies, 50) * 1000,
                "p95": percentile(latencies, 95) * 1000,
                "p99": percentile(latencies, 99) * 1000,
            },
            "client_cpu_seconds": sum(part["cpu"] for part in parts),
        }

    def close(self) -> None:
        self.pool.shutdown()


# --- Servers -----------------------------------------------------------------------------------


def _proc_cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def workers_cpu_seconds(master_pid: int) -> float | None:
    """CPU time of a gunicorn master's workers so far (Linux /proc), None where unavailable."""
    total = 0.0
    try:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == master_pid:
                    total += _proc_cpu_seconds(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    except OSError:
        return None
    return total


def start_server(server: Server, target, workers: int, log_prefix: str = "routing") -> None:
    server.port = free_port()
    RESULTS_DIR.mkdir(exist_ok=True)
    server.log_path = RESULTS_DIR / f"{log_prefix}-{server.label}.log"
    env = bench_env(target, DJANGO_SETTINGS_MODULE=server.settings)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{server.port}",
        "--log-level",
        "warning",
        "--chdir",
        str(ROOT),
        "config.wsgi:application",
    ]
    with open(server.log_path, "w") as logfile:
        server.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=logfile, stderr=subprocess.STDOUT)
    log(f"{log_prefix}: {server.label} server ({server.settings}) on 127.0.0.1:{server.port}, pid {server.process.pid}")


def stop_server(server: Server) -> None:
    process = server.process
    if process is None or process.poll() is not None:
        return
    process.terminate()  # gunicorn's master stops its workers on SIGTERM
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def fetch(port: int, host: str, path: str = "/") -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_ready(server: Server, host: str, seconds: float = 60) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"the {server.label} server exited; see {server.log_path}")
        try:
            return fetch(server.port, host)
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the {server.label} server did not answer; see {server.log_path}") from None
            time.sleep(0.2)


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
        )
    return store.subdomain, store.name, store.code


def measure(generator: LoadGenerator, server: Server, host: str, seconds: float) -> dict:
    cpu_before = workers_cpu_seconds(server.process.pid)
    sample = generator.run(server.port, host, seconds)
    cpu_after = workers_cpu_seconds(server.process.pid)
    if cpu_before is not None and cpu_after is not None and sample["ok"]:
        sample["server_cpu_ms_per_request"] = (cpu_after - cpu_before) * 1000 / sample["requests"]
    return sample


def run(args, target) -> Result:
    from django.db import connections

    result = Result("routing")
    host, store_name, store_code = ensure_store()
    connections.close_all()
    servers = [Server(s.label, s.settings, s.description) for s in SERVERS]
    generator = LoadGenerator(args.client_processes, args.connections)
    try:
        for server in servers:
            start_server(server, target, args.workers)
        for server in servers:
            status, body = wait_ready(server, host)
            check_response(server, status, body, store_name, store_code)
        log(f"routing: warming up each server for {args.warmup:g} s (Host: {host})")
        for server in servers:
            generator.run(server.port, host, args.warmup)
        measure_rounds(generator, servers, host, args)
    finally:
        generator.close()
        for server in servers:
            stop_server(server)
    report(result, servers, generator, host, args)
    return result


def measure_rounds(generator: LoadGenerator, servers: list[Server], host: str, args) -> None:
    for round_index in range(args.rounds):
        # A different server goes first each round: none always follows the same neighbour.
        shift = round_index % len(servers)
        for server in servers[shift:] + servers[:shift]:
            sample = measure(generator, server, host, args.seconds)
            server.rounds.append(sample)
            log(
                f"routing: round {round_index + 1}/{args.rounds} {server.label:<12} "
                f"{sample['rps']:8,.0f} req/s  p50 {sample['latency_ms']['p50']:.1f} ms  "
                f"errors {sample['errors']}  statuses {sample['statuses']}"
            )


def server_cpu(servers: list[Server]) -> dict[str, float | None]:
    """Median server CPU per request of each server, where it could be measured."""
    cpu = {}
    for server in servers:
        values = [s["server_cpu_ms_per_request"] for s in server.rounds if "server_cpu_ms_per_request" in s]
        cpu[server.label] = statistics.median(values) if values else None
    return cpu


def failed_requests(servers: list[Server]) -> dict[str, int]:
    return {
        server.label: sum(s["errors"] + s["requests"] - s["ok"] for s in server.rounds)
        for server in servers
        if any(s["errors"] or s["requests"] != s["ok"] for s in server.rounds)
    }


def report(result: Result, servers: list[Server], generator: LoadGenerator, host: str, args) -> None:
    rps = {server.label: statistics.median(s["rps"] for s in server.rounds) for server in servers}
    cpu = server_cpu(servers)
    bad = failed_requests(servers)
    if bad:
        log(f"routing: WARNING, failed or non-200 requests: {bad}")

    note = (
        f"Host {host}; median of {args.rounds} rounds of {args.seconds:g} s per server, {args.workers} sync "
        f"workers, {args.connections} connections" + (f"; failed requests: {bad}" if bad else "")
    )
    for server in servers:
        result.add(f"{server.label}: {server.description}", rps[server.label], "req/s")
    target_text = f">= {TARGET_RATIO * 100:.0f} %"
    for label, what in (("routed", "routed home / plain"), ("routed-plain", "routed-plain / plain (routing alone)")):
        ratio = rps[label] / rps["plain"]
        figure = result.add(what, ratio * 100, "%", target_text, ratio >= TARGET_RATIO and not bad)
        if label == "routed":
            figure.note = note
    add_cpu_figures(result, servers, cpu)
    result.details = details(servers, generator, host, args, rps, cpu)


def add_cpu_figures(result: Result, servers: list[Server], cpu: dict[str, float | None]) -> None:
    for server in servers:
        if cpu[server.label] is not None:
            result.add(f"{server.label}: server CPU per request", cpu[server.label], "ms")
    if cpu["plain"] and cpu["routed"] and cpu["routed-plain"]:
        # With the server CPU-bound, throughput is inversely proportional to CPU per request.
        result.add("routed home / plain, by server CPU", cpu["plain"] / cpu["routed"] * 100, "%")
        result.add("routing alone, by server CPU", cpu["plain"] / cpu["routed-plain"] * 100, "%")


def details(servers: list[Server], generator: LoadGenerator, host: str, args, rps: dict, cpu: dict) -> dict:
    plain = next(server for server in servers if server.label == "plain")
    client_cores = [s["client_cpu_seconds"] / s["seconds"] for server in servers for s in server.rounds]
    return {
        "host": host,
        "workers": args.workers,
        "worker_class": "sync",
        "connections": args.connections,
        "client_processes": generator.processes,
        "seconds_per_round": args.seconds,
        "rounds": args.rounds,
        "warmup_seconds": args.warmup,
        "cpus": os.cpu_count(),
        "client_cpu_cores_used_median": statistics.median(client_cores),
        "rps_median": rps,
        "ratios_per_round": [
            {server.label: server.rounds[i]["rps"] / plain.rounds[i]["rps"] for server in servers}
            for i in range(args.rounds)
        ],
        "server_cpu_ms_per_request_median": cpu,
        "servers": {
            server.label: {"settings": server.settings, "description": server.description, "rounds": server.rounds}
            for server in servers
        },
    }
