"""The load every benchmark drives its servers with, and the checks that keep its figures honest.

- ``LoadGenerator``: a pure-Python HTTP load generator. Client processes (spawned once, reused for
  every measurement), one thread and one http.client connection per concurrent request, keep-alive
  whenever the server allows it, every process starting at the same moment.
- ``Scenario``: one kind of request measured on one server: its addresses, whether it must bypass
  the listing cache, and the samples measured.
- ``run_rounds()``: a warm-up of every scenario, then rounds in which every scenario is measured in
  turn, starting with a different one each round, so that a slow patch of the machine does not
  favour one of them. Figures are the median round.
- Cache busting and its check: an *uncached* scenario adds ``utm_id=<value>`` to every request, a
  parameter the pages ignore but the listing cache's key contains. The value is unique across the
  whole run by construction: the generator's random nonce (uuid4), the number of the measurement
  (warm-ups and rounds alike), the client process, the connection and the request on it. The
  servers run with ``LISTING_CACHE_HEADER`` (servers.py) and answer ``X-Listing-Cache: hit|miss``
  on listing pages; the generator counts the answers, and ``add_cache_figures()`` reports the hits
  of every uncached scenario as a figure held to 0, and fails it when no answer said either.
- ``add_drift_figure()``: a scenario whose rate or p50 moves by more than a set share between its
  slowest and fastest round is flagged: something warmed up or leaked between rounds.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

from .common import Result, log, percentile
from .servers import Server, workers_cpu_seconds

BUST = "utm_id"  # a parameter the pages ignore, but part of the listing cache's key
CACHE_HEADER = "X-Listing-Cache"  # hit | miss, from servers with LISTING_CACHE_HEADER on
MAX_DRIFT_PCT = 25.0
P50_DRIFT_FLOOR_MS = 1.0  # a p50 that moves by less than this is timer and scheduler noise


# --- The load generator (runs in client processes) ---------------------------------------------


def _connection_loop(
    port: int, host: str, paths: list[str], start_at: float, end_at: float, out: dict, *, first: int, bust_tag: str
) -> None:
    """Requests one after the other on one connection, taking ``paths`` in turn from ``first``.
    With a ``bust_tag`` every request adds ``BUST=<bust_tag>.<n>``, n counting this connection's
    requests: the tag is unique to this connection in the whole run (LoadGenerator.run)."""
    sent = 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": host, "Accept": "text/html", "User-Agent": "platform-bench"}
    latencies: list[float] = []
    statuses: Counter = Counter()
    cache: Counter = Counter()
    errors = 0
    delay = start_at - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    while True:
        began = time.monotonic()
        if began >= end_at:
            break
        target = paths[(first + sent) % len(paths)]
        sent += 1
        if bust_tag:
            target += f"{'&' if '?' in target else '?'}{BUST}={bust_tag}.{sent}"
        try:
            conn.request("GET", target, headers=headers)
            response = conn.getresponse()
            response.read()
            statuses[response.status] += 1
            state = response.getheader(CACHE_HEADER)
            if state:
                cache[state] += 1
            if response.will_close:
                conn.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            continue
        latencies.append(time.monotonic() - began)
    conn.close()
    out.update(latencies=latencies, statuses=statuses, cache=cache, errors=errors, finished=time.monotonic())


def load_process(
    port: int,
    host: str,
    paths: list[str],
    connections: int,
    start_at: float,
    seconds: float,
    *,
    first_connection: int,
    bust_tag: str,
) -> dict:
    """One client process: ``connections`` threads, each with its own connection. Connections
    start at different paths (7 apart); ``bust_tag`` (empty: no cache busting) is unique to this
    process in the run, and each connection adds its own number to it."""
    cpu_before = time.process_time()
    outs: list[dict] = [{} for _ in range(connections)]
    end_at = start_at + seconds
    threads = []
    for index, out in enumerate(outs):
        number = first_connection + index
        tag = f"{bust_tag}.{number}" if bust_tag else ""
        threads.append(
            threading.Thread(
                target=_connection_loop,
                args=(port, host, paths, start_at, end_at, out),
                kwargs={"first": 7 * number, "bust_tag": tag},
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses: Counter = Counter()
    cache: Counter = Counter()
    for out in outs:
        statuses.update(out["statuses"])
        cache.update(out["cache"])
    return {
        "latencies": [value for out in outs for value in out["latencies"]],
        "statuses": dict(statuses),
        "cache": dict(cache),
        "errors": sum(out["errors"] for out in outs),
        "finished": max(out["finished"] for out in outs),
        "cpu": time.process_time() - cpu_before,
    }


class LoadGenerator:
    """``connections`` concurrent connections spread over ``processes`` client processes."""

    def __init__(self, processes: int, connections: int) -> None:
        self.processes = max(1, min(processes, connections))
        base, extra = divmod(connections, self.processes)
        self.split = [base + (1 if i < extra else 0) for i in range(self.processes)]
        self.pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=get_context("spawn"))
        self.nonce = uuid.uuid4().hex[:12]  # no two generators, nor two runs, share a busting value
        self.measurements = 0

    def run(self, port: int, host: str, seconds: float, paths: list[str] | tuple[str, ...] = ("/",), *, bust=False):
        """Drive the server for ``seconds``. With ``bust``, every request carries a ``BUST`` value
        never sent before: <nonce>.<measurement>.<process>.<connection>.<request>."""
        self.measurements += 1
        tag = f"{self.nonce}.{self.measurements}"
        start_at = time.monotonic() + 0.5  # every client process starts at the same moment
        futures = []
        first = 0
        for index, count in enumerate(self.split):
            futures.append(
                self.pool.submit(
                    load_process,
                    port,
                    host,
                    list(paths),
                    count,
                    start_at,
                    seconds,
                    first_connection=first,
                    bust_tag=f"{tag}.{index}" if bust else "",
                )
            )
            first += count
        parts = [future.result() for future in futures]
        latencies = sorted(value for part in parts for value in part["latencies"])
        statuses: Counter = Counter()
        cache: Counter = Counter()
        for part in parts:
            statuses.update(part["statuses"])
            cache.update(part["cache"])
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
            "cache": {"hit": cache.get("hit", 0), "miss": cache.get("miss", 0)},
            "bust": f"{BUST}={tag}.*" if bust else "",
            "client_cpu_seconds": sum(part["cpu"] for part in parts),
        }

    def close(self) -> None:
        self.pool.shutdown()


# --- Scenarios and rounds ----------------------------------------------------------------------


@dataclass
class Scenario:
    """One kind of request on one server (``server``: a key of the benchmark's servers).
    ``uncached``: every request busts the listing cache, and its hits must be 0. ``held``: held
    to the benchmark's main target (the catalog: the listing ratio)."""

    key: str
    label: str
    server: str
    paths: list[str]
    uncached: bool = False
    held: bool = False
    warmup: list[dict] = field(default_factory=list)
    samples: list[dict] = field(default_factory=list)

    def median(self, what: str) -> float:
        """Median round of "rps" or of a latency percentile ("p50", "p95", "p99")."""
        return statistics.median(s["rps"] if what == "rps" else s["latency_ms"][what] for s in self.samples)

    def cpu_ms(self) -> float | None:
        """Median server CPU per request, None where /proc could not tell."""
        values = [s["server_cpu_ms_per_request"] for s in self.samples if "server_cpu_ms_per_request" in s]
        return statistics.median(values) if values else None

    def cache(self) -> dict[str, int]:
        """Listing-cache answers over the warm-up and every round."""
        counts: Counter = Counter()
        for sample in (*self.warmup, *self.samples):
            counts.update(sample.get("cache", {}))
        return {"hit": counts["hit"], "miss": counts["miss"]}

    def failed(self) -> int:
        return sum(s["errors"] + s["requests"] - s["ok"] for s in self.samples)


def measure(generator: LoadGenerator, server: Server, host: str, scenario: Scenario, seconds: float) -> dict:
    """One measurement of a scenario, with the CPU time its server's workers spent per request."""
    cpu_before = workers_cpu_seconds(server.process.pid)
    sample = generator.run(server.port, host, seconds, scenario.paths, bust=scenario.uncached)
    cpu_after = workers_cpu_seconds(server.process.pid)
    if cpu_before is not None and cpu_after is not None and sample["requests"]:
        sample["server_cpu_ms_per_request"] = (cpu_after - cpu_before) * 1000 / sample["requests"]
    return sample


def _describe(sample: dict) -> str:
    cache = sample["cache"]
    seen = cache["hit"] + cache["miss"]
    return (
        f"{sample['rps']:8,.0f} req/s  p50 {sample['latency_ms']['p50']:6.1f} ms  "
        f"p95 {sample['latency_ms']['p95']:6.1f} ms  errors {sample['errors']}  statuses {sample['statuses']}"
        + (f"  cache hits {cache['hit']}/{seen}" if seen else "")
    )


def run_rounds(
    generator: LoadGenerator,
    servers: dict[str, Server],
    host: str,
    scenarios: list[Scenario],
    *,
    rounds: int,
    seconds: float,
    warmup: float,
    prefix: str,
) -> None:
    """Warm every scenario up for ``warmup`` seconds, then measure each for ``seconds`` in turn,
    ``rounds`` times, a different scenario first each round. Samples go to the scenarios."""
    log(f"{prefix}: warming up each scenario for {warmup:g} s (Host: {host})")
    for scenario in scenarios:
        scenario.warmup.append(measure(generator, servers[scenario.server], host, scenario, warmup))
    for round_index in range(rounds):
        shift = round_index % len(scenarios)
        for scenario in scenarios[shift:] + scenarios[:shift]:
            sample = measure(generator, servers[scenario.server], host, scenario, seconds)
            scenario.samples.append(sample)
            log(f"{prefix}: round {round_index + 1}/{rounds} {scenario.key:<18} {_describe(sample)}")


def failures(scenarios: list[Scenario]) -> dict[str, int]:
    """Failed or non-200 requests per scenario that had any."""
    bad = {s.key: s.failed() for s in scenarios}
    return {key: count for key, count in bad.items() if count}


# --- Checks: cache hits and drift ----------------------------------------------------------------


def add_cache_figures(result: Result, scenarios: list[Scenario]) -> None:
    """Uncached scenarios: their listing-cache hits, held to 0 (missed as well when the server
    never said hit or miss: then nothing proves they were uncached). Cached scenarios whose pages
    answer: the share served from the cache, for information."""
    for scenario in scenarios:
        cache = scenario.cache()
        seen = cache["hit"] + cache["miss"]
        if scenario.uncached:
            ok = bool(seen) and not cache["hit"]
            figure = result.add(f"{scenario.label}: listing-cache hits", cache["hit"], "hits", "= 0", ok)
            if not seen:
                figure.note = f"no {CACHE_HEADER} answer: the server does not say (LISTING_CACHE_HEADER off?)"
            elif cache["hit"]:
                figure.note = f"{cache['hit']} of {seen} requests (warm-up included) came from the listing cache"
        elif seen:
            result.add(f"{scenario.label}: listing-cache hit share", cache["hit"] * 100 / seen, "%")


def _spread_pct(values: list[float]) -> float:
    low, high = min(values), max(values)
    if high == low:
        return 0.0
    return (high - low) * 100 / low if low > 0 else float("inf")


def drift(scenario: Scenario, max_pct: float = MAX_DRIFT_PCT) -> dict | None:
    """How far the rate and the p50 moved between the scenario's slowest and fastest round, as a
    share of the lower one; None with fewer than 2 rounds. A p50 that moved by less than
    P50_DRIFT_FLOOR_MS is not counted (sub-millisecond pages)."""
    if len(scenario.samples) < 2:
        return None
    rates = [s["rps"] for s in scenario.samples]
    p50s = [s["latency_ms"]["p50"] for s in scenario.samples]
    rate_pct, p50_pct = _spread_pct(rates), _spread_pct(p50s)
    p50_counted = max(p50s) - min(p50s) >= P50_DRIFT_FLOOR_MS
    worst = max(rate_pct, p50_pct if p50_counted else 0.0)
    return {
        "rps_pct": rate_pct,
        "p50_pct": p50_pct,
        "p50_counted": p50_counted,
        "pct": worst,
        "flagged": worst > max_pct,
        "rps": rates,
        "p50_ms": p50s,
    }


def add_drift_figure(result: Result, scenarios: list[Scenario], max_pct: float = MAX_DRIFT_PCT) -> dict[str, dict]:
    """One figure: the largest drift of any scenario, held to ``max_pct``; the note names every
    flagged scenario with its rounds. Returns the drift of each scenario (for the details)."""
    drifts = {s.key: d for s in scenarios if (d := drift(s, max_pct)) is not None}
    if not drifts:
        return {}
    worst = max(drifts.values(), key=lambda d: d["pct"])["pct"]
    flagged = {key: d for key, d in drifts.items() if d["flagged"]}
    figure = result.add("drift between rounds, largest (rate or p50)", worst, "%", f"<= {max_pct:g} %", not flagged)
    if flagged:
        figure.note = "flagged, something warmed up or leaked between rounds: " + "; ".join(
            f"{key} rate {'/'.join(f'{v:,.0f}' for v in d['rps'])} req/s, "
            f"p50 {'/'.join(f'{v:.1f}' for v in d['p50_ms'])} ms"
            for key, d in flagged.items()
        )
        log(f"{result.name}: WARNING, drift between rounds over {max_pct:g} %: {', '.join(flagged)}")
    else:
        figure.note = f"every scenario's rate and p50 within {max_pct:g} % from round to round"
    return drifts


def scenario_details(scenarios: list[Scenario], drifts: dict[str, dict]) -> dict[str, dict]:
    """What results JSON keeps of each scenario."""
    return {
        s.key: {
            "label": s.label,
            "server": s.server,
            "paths": s.paths,
            "uncached": s.uncached,
            "listing_cache": s.cache(),
            "drift": drifts.get(s.key),
            "warmup": s.warmup,
            "rounds": s.samples,
        }
        for s in scenarios
    }
