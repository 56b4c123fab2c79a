"""The benchmarks' load generator against a small loopback server that caches like the listing
pages do: cache-busting values never repeat across measurements, client processes and
connections, and the cache-hit and drift checks report what they should."""

from __future__ import annotations

import os
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from benchmarks.common import Result
from benchmarks.load import (
    BUST,
    CACHE_HEADER,
    LoadGenerator,
    Scenario,
    add_cache_figures,
    add_drift_figure,
    drift,
    run_rounds,
)
from benchmarks.servers import Server


class _CachingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn would not, to run many requests

    def do_GET(self):
        server = self.server
        with server.lock:
            state = "hit" if self.path in server.seen else "miss"
            server.seen.add(self.path)
            server.busts.extend(parse_qs(urlsplit(self.path).query).get(BUST, []))
        body = b"ok"
        self.send_response(200)
        if server.header:
            self.send_header(CACHE_HEADER, state)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def caching_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _CachingHandler)
    httpd.lock, httpd.seen, httpd.busts, httpd.header = threading.Lock(), set(), [], True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    # the generator measures the CPU of the server's "workers": here, this process's children
    server = Server(
        "fake", "-", "caching server", port=httpd.server_address[1], process=SimpleNamespace(pid=os.getpid())
    )
    yield httpd, server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def generator():
    generator = LoadGenerator(2, 3)
    yield generator
    generator.close()


def test_busting_values_never_repeat_and_uncached_pages_show_no_hits(caching_server, generator):
    httpd, server = caching_server
    cached = Scenario("cached", "cached page", "fake", ["/a", "/b?x=1"])
    uncached = Scenario("uncached", "uncached page", "fake", ["/a", "/b?x=1"], uncached=True)
    scenarios = [cached, uncached]
    run_rounds(generator, {"fake": server}, "bench.test", scenarios, rounds=2, seconds=0.2, warmup=0.1, prefix="t")

    sent = sum(s["requests"] for s in (*uncached.warmup, *uncached.samples))
    assert sent and len(httpd.busts) == sent  # every request of the uncached scenario, warm-up included
    assert [v for v, n in Counter(httpd.busts).items() if n > 1] == []
    assert uncached.cache() == {"hit": 0, "miss": sent}
    assert cached.cache()["hit"] > 0

    result = Result("t")
    add_cache_figures(result, scenarios)
    figures = {f.name: f for f in result.figures}
    assert figures["uncached page: listing-cache hits"].value == 0
    assert figures["uncached page: listing-cache hits"].ok is True
    assert figures["cached page: listing-cache hit share"].ok is None  # for information


def test_a_second_generator_never_sends_the_first_ones_values(caching_server, generator):
    httpd, server = caching_server
    scenario = Scenario("uncached", "uncached page", "fake", ["/"], uncached=True)
    other = LoadGenerator(1, 1)
    try:
        for gen in (generator, other, generator):
            gen.run(server.port, "bench.test", 0.1, scenario.paths, bust=True)
    finally:
        other.close()
    assert httpd.busts and max(Counter(httpd.busts).values()) == 1


def test_hits_or_a_silent_server_miss_the_uncached_target(caching_server, generator):
    httpd, server = caching_server
    repeated = Scenario("uncached", "uncached page", "fake", ["/same"], uncached=False)  # not busting: hits
    repeated.samples.append(generator.run(server.port, "bench.test", 0.1, repeated.paths))
    repeated.uncached = True
    httpd.header = False
    silent = Scenario("silent", "silent page", "fake", ["/"], uncached=True)
    silent.samples.append(generator.run(server.port, "bench.test", 0.1, silent.paths, bust=True))

    result = Result("t")
    add_cache_figures(result, [repeated, silent])
    hits, quiet = result.figures
    assert hits.value > 0 and hits.ok is False and "came from the listing cache" in hits.note
    assert quiet.value == 0 and quiet.ok is False and "LISTING_CACHE_HEADER" in quiet.note


def _sample(rps: float, p50: float) -> dict:
    return {"rps": rps, "latency_ms": {"p50": p50}}


def test_drift_between_rounds_is_flagged():
    climbing = Scenario("category-uncached", "category pages (uncached)", "s", ["/"], uncached=True)
    climbing.samples = [_sample(44, 45.0), _sample(67, 30.0), _sample(91, 15.0)]
    steady = Scenario("plain", "plain view", "s", ["/"])
    steady.samples = [_sample(2300, 1.0), _sample(2400, 1.6), _sample(2350, 1.2)]  # p50 moves < 1 ms

    assert drift(steady)["flagged"] is False and drift(steady)["p50_counted"] is False
    assert drift(climbing)["rps_pct"] == pytest.approx(106.8, abs=0.1)
    assert drift(climbing, max_pct=150)["flagged"] is True  # the p50 tripled: 200 %

    result = Result("t")
    drifts = add_drift_figure(result, [steady, climbing], max_pct=25)
    (figure,) = result.figures
    assert figure.ok is False and figure.value == pytest.approx(200.0)
    assert "category-uncached rate 44/67/91 req/s" in figure.note and "plain" not in figure.note
    assert drifts["plain"]["flagged"] is False

    result = Result("t")
    add_drift_figure(result, [steady], max_pct=25)
    assert result.figures[0].ok is True


def test_one_round_has_no_drift():
    scenario = Scenario("once", "once", "s", ["/"])
    scenario.samples = [_sample(10, 1.0)]
    assert drift(scenario) is None
    result = Result("t")
    assert add_drift_figure(result, [scenario]) == {} and result.figures == []
