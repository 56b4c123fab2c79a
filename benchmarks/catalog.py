"""The catalog at scale: storefront listings and search over 50,000 products, and image renditions.

One bench store gets 50,000 products in bulk (benchmarks/catalog_data.py). Two gunicorn servers
(sync workers, loopback, DEBUG off) are then driven in turn by the routing benchmark's load
generator, round after round, the median round reported:

- ``storefront``: the development settings, the store's real pages (routing, middleware, views,
  templates, the listing cache);
- ``plain``: the plain view of benchmarks/urls_plain.py without tenant routing (no database):
  the ceiling the listing pages are compared with.

Listing pages cache their catalog fragment per store, catalog version, language and query string
(apps/catalog/views/storefront.py). Each page is therefore measured twice: as most visitors get
it (the same addresses again and again, served from the cache) and uncached (a query parameter
the page ignores, given a new value on every request, so every request builds the listing:
queries, facets, rendering; what a visitor gets after a catalog change, or with an ad tracker's
parameters in the address).

Search latency is also measured with one client alone (no queueing behind other requests): the
time a visitor waits for a result page. Last, ``apps.catalog.services.renditions_make`` is timed on
generated 2000 x 1500 photographs: what the Celery worker does for every upload.
"""

from __future__ import annotations

import io
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from urllib.parse import quote

from .common import Result, log, summary
from .routing import LoadGenerator, Server, fetch, start_server, stop_server, wait_ready, workers_cpu_seconds

TARGET_LISTING_RATIO = 0.25
TARGET_SEARCH_P95_MS = 50.0
TARGET_IMAGES_PER_SECOND = 1.0  # ours: a photo is ready about a second after its upload
BUST = "utm_id"  # a parameter the pages ignore, but part of the cache key
SEARCHES = (
    # words as typed, in the three languages of the texts
    "headphones", "wireless headphones", "casque sans fil", "kopfhörer", "bluetooth speaker", "linen dress",
    "robe en lin", "cashmere jumper", "wool coat", "chelsea boots", "cast iron casserole", "cocotte", "riesling",
    "scented candle", "duftkerze", "murder", "vianden", "voltra", "telescope", "oxford shirt",
    # ... and with typos
    "headphnes", "wireles mouse", "cashmire", "casserol", "blutooth speaker", "telescop", "backpak", "kopfhorer",
    "chelsae boots", "scentd candle",
)  # fmt: skip
CATEGORY_SLUGS = ("fashion", "electronics", "fashion-women", "electronics-audio")


@dataclass
class Scenario:
    key: str
    label: str
    server: str
    paths: list[str]
    bust: bool = False
    listing: bool = False  # held to the listing target
    samples: list[dict] = field(default_factory=list)


def _scenarios() -> list[Scenario]:
    categories = [f"/c/{slug}/" for slug in CATEGORY_SLUGS]
    searches = [f"/search/?q={quote(q)}" for q in SEARCHES]
    return [
        Scenario("plain", "plain view (no database)", "plain", ["/"]),
        Scenario("home", "home page (cached)", "storefront", ["/"], listing=True),
        Scenario("category", "category pages (cached)", "storefront", categories, listing=True),
        Scenario("category-uncached", "category pages (uncached)", "storefront", categories, True, True),
        Scenario("all", "all products, /search/ (cached)", "storefront", ["/search/"], listing=True),
        Scenario("all-uncached", "all products, /search/ (uncached)", "storefront", ["/search/"], True, True),
        Scenario("search", "search with words (cached)", "storefront", searches),
        Scenario("search-uncached", "search with words (uncached)", "storefront", searches, True),
    ]


# --- Images --------------------------------------------------------------------------------------


def _photo(rng: random.Random, width: int = 2000, height: int = 1500) -> bytes:
    """A JPEG with the detail of a photograph (noise, gradients, shapes), so that decoding and
    encoding cost what they cost for a camera's picture rather than for a flat card."""
    from PIL import Image, ImageDraw, ImageFilter

    red = Image.linear_gradient("L").resize((width, height))
    green = Image.effect_noise((width, height), rng.uniform(30, 60)).filter(ImageFilter.GaussianBlur(1.2))
    blue = Image.linear_gradient("L").rotate(90).resize((width, height))
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(60, 400)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def image_benchmark(store, count: int) -> dict:
    """Upload `count` generated photos to one product (services.image_add: the checks and the
    re-encoded original) and time services.renditions_make on each (4 sizes, WebP and JPEG)."""
    from django.core.files.base import ContentFile
    from django_tenants.utils import tenant_context

    from apps.catalog import services
    from apps.catalog.models import Product

    rng = random.Random(2)
    photos = [_photo(rng) for _ in range(count + 1)]
    uploads: list[float] = []
    renditions: list[float] = []
    with tenant_context(store.merchant):
        product = Product.objects.filter(store_id=store.id).order_by("id").first()
        # photos left by an interrupted earlier run
        product.images.exclude(is_primary=True).delete()
        added_ids: list[int] = []
        for index, data in enumerate(photos):
            began = time.perf_counter()
            image = services.image_add(
                store=store, product=product, actor=None, upload=ContentFile(data, name=f"photo-{index}.jpg")
            )
            uploaded = time.perf_counter()
            added_ids.append(image.pk)
            services.renditions_make(image=image)
            done = time.perf_counter()
            if index:  # the first pays for imports and first-use caches
                uploads.append(uploaded - began)
                renditions.append(done - uploaded)
        files = sum(1 for entry in image.renditions.values() for key in ("webp", "jpeg") if key in entry)
        # the photos go again, so that the next run (--reuse-db) starts from the same product and
        # stays within the images a product may have
        for added in added_ids:
            services.image_delete(store=store, product=product, image_id=added, actor=None)
    return {
        "count": count,
        "width": 2000,
        "height": 1500,
        "photo_kb_median": statistics.median(len(p) for p in photos) / 1024,
        "files_per_image": files,
        "upload_seconds": summary(uploads),
        "renditions_seconds": summary(renditions),
        "images_per_second": count / sum(renditions),
    }


# --- The load ------------------------------------------------------------------------------------


def _sample(generator: LoadGenerator, server: Server, host: str, scenario: Scenario, seconds: float) -> dict:
    cpu_before = workers_cpu_seconds(server.process.pid)
    sample = generator.run(server.port, host, seconds, path=scenario.paths, bust=BUST if scenario.bust else "")
    cpu_after = workers_cpu_seconds(server.process.pid)
    if cpu_before is not None and cpu_after is not None and sample["requests"]:
        sample["server_cpu_ms_per_request"] = (cpu_after - cpu_before) * 1000 / sample["requests"]
    return sample


def _check(servers: dict[str, Server], host: str, scenarios: list[Scenario]) -> dict:
    """Every address answers 200 with products before anything is measured."""
    found = {}
    for scenario in scenarios:
        server = servers[scenario.server]
        for path in scenario.paths:
            status, body = fetch(server.port, host, path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
            if scenario.server == "storefront":
                found[path] = body.count("product-card-title")
    empty = [path for path, n in found.items() if not n and "?q=" not in path]
    if empty:
        raise RuntimeError(f"listing pages without products: {empty}")
    return found


def run(args, target) -> Result:
    from django.db import connections
    from django.test import override_settings

    from .catalog_data import ensure_store, populate

    result = Result("catalog")
    store = ensure_store()
    # Pictures go to a directory of their own, removed afterwards: not into the development media.
    with tempfile.TemporaryDirectory(prefix="bench-media-") as media_root, override_settings(MEDIA_ROOT=media_root):
        log(f"catalog: filling {store.code} with {args.products:,} products")
        data = populate(store, products=args.products)
        log(f"catalog: timing renditions_make on {args.images} generated 2000x1500 photos")
        images = image_benchmark(store, args.images)
    host = store.subdomain
    connections.close_all()

    servers = {
        "storefront": Server("storefront", "config.settings.dev", "the store's pages"),
        "plain": Server("plain", "benchmarks.settings_plain", "plain view, no tenant lookup"),
    }
    scenarios = _scenarios()
    generator = LoadGenerator(args.client_processes, args.connections)
    single = LoadGenerator(1, 1)
    alone: dict = {}
    try:
        for server in servers.values():
            start_server(server, target, args.workers, log_prefix="catalog")
        for server in servers.values():
            wait_ready(server, host)
        results_found = _check(servers, host, scenarios)
        searches = [p for p in results_found if "?q=" in p]
        hits = sum(1 for p in searches if results_found[p])
        log(f"catalog: {hits} of {len(searches)} searches find products (typos included)")
        log(f"catalog: warming up each scenario for {args.warmup:g} s (Host: {host})")
        for scenario in scenarios:
            _sample(generator, servers[scenario.server], host, scenario, args.warmup)
        for round_index in range(args.catalog_rounds):
            shift = round_index % len(scenarios)
            for scenario in scenarios[shift:] + scenarios[:shift]:
                sample = _sample(generator, servers[scenario.server], host, scenario, args.seconds)
                scenario.samples.append(sample)
                log(
                    f"catalog: round {round_index + 1}/{args.catalog_rounds} {scenario.key:<18} "
                    f"{sample['rps']:8,.0f} req/s  p95 {sample['latency_ms']['p95']:6.1f} ms  "
                    f"errors {sample['errors']}  statuses {sample['statuses']}"
                )
        search = next(s for s in scenarios if s.key == "search-uncached")
        seconds = max(args.seconds * args.catalog_rounds, 8.0)
        log(f"catalog: search latency with one client for {seconds:g} s")
        alone = _sample(single, servers["storefront"], host, search, seconds)
    finally:
        generator.close()
        single.close()
        for server in servers.values():
            stop_server(server)

    def median(scenario: Scenario, key: str) -> float:
        values = [s[key] if key == "rps" else s["latency_ms"][key] for s in scenario.samples]
        return statistics.median(values)

    def cpu(scenario: Scenario) -> float | None:
        values = [s["server_cpu_ms_per_request"] for s in scenario.samples if "server_cpu_ms_per_request" in s]
        return statistics.median(values) if values else None

    bad = {
        s.key: sum(x["errors"] + x["requests"] - x["ok"] for x in s.samples)
        for s in scenarios
        if any(x["errors"] or x["requests"] != x["ok"] for x in s.samples)
    }
    if bad:
        log(f"catalog: WARNING, failed or non-200 requests: {bad}")
    plain = scenarios[0]
    plain_rps = median(plain, "rps")
    note = (
        f"{data.get('counts', {}).get('products', args.products):,} products; median of {args.catalog_rounds} rounds "
        f"of {args.seconds:g} s, {args.workers} sync workers, {args.connections} connections"
        + (f"; failed requests: {bad}" if bad else "")
    )
    result.add(plain.label, plain_rps, "req/s").note = note
    ratio_text = f">= {TARGET_LISTING_RATIO * 100:.0f} % of plain"
    for scenario in scenarios[1:]:
        rps = median(scenario, "rps")
        result.add(f"{scenario.label}", rps, "req/s")
        if scenario.listing:
            ratio = rps / plain_rps
            ok = ratio >= TARGET_LISTING_RATIO and scenario.key not in bad
            result.add(f"{scenario.label} / plain", ratio * 100, "%", ratio_text, ok)
    for scenario in scenarios[1:]:
        result.add(f"{scenario.label}: p95 under load", median(scenario, "p95"), "ms")
    p95 = alone["latency_ms"]["p95"]
    figure = result.add(
        "search with words (uncached), one client: p95",
        p95,
        "ms",
        f"< {TARGET_SEARCH_P95_MS:.0f} ms",
        p95 < TARGET_SEARCH_P95_MS and not alone["errors"] and alone["ok"] == alone["requests"],
    )
    figure.note = (
        f"{alone['requests']} requests over {len(SEARCHES)} search texts, each with a fresh {BUST}= so none is "
        "served from the listing cache; one connection, so no queueing behind other requests"
    )
    result.add("search with words (uncached), one client: p50", alone["latency_ms"]["p50"], "ms")
    for scenario in scenarios:
        value = cpu(scenario)
        if value is not None:
            result.add(f"{scenario.label}: server CPU per request", value, "ms")
    rate = images["images_per_second"]
    figure = result.add(
        f"renditions_make, {images['width']}x{images['height']} JPEG",
        rate,
        "images/s",
        f">= {TARGET_IMAGES_PER_SECOND:g} image/s",
        rate >= TARGET_IMAGES_PER_SECOND,
    )
    figure.note = (
        f"{images['count']} generated photos (median {images['photo_kb_median']:.0f} KB), {images['files_per_image']} "
        "files each (4 sizes x WebP + JPEG), one process; the worker runs 2"
    )
    result.add("renditions_make: rendition files per second", rate * images["files_per_image"], "files/s")
    result.add("renditions_make: per image, p95", images["renditions_seconds"]["p95"] * 1000, "ms")
    result.add("image_add (checks, re-encoded original): median", images["upload_seconds"]["median"] * 1000, "ms")
    if data.get("seconds"):
        result.add(f"bulk data: {data['created']:,} products", data["seconds"], "s")

    cores = [s["client_cpu_seconds"] / s["seconds"] for sc in scenarios for s in sc.samples]
    result.details = {
        "host": host,
        "data": data,
        "images": images,
        "workers": args.workers,
        "connections": args.connections,
        "client_processes": generator.processes,
        "seconds_per_round": args.seconds,
        "rounds": args.catalog_rounds,
        "warmup_seconds": args.warmup,
        "client_cpu_cores_used_median": statistics.median(cores) if cores else None,
        "search_results_per_query": {p: n for p, n in results_found.items() if "?q=" in p},
        "search_alone": alone,
        "scenarios": {
            s.key: {"label": s.label, "server": s.server, "paths": s.paths, "uncached": s.bust, "rounds": s.samples}
            for s in scenarios
        },
    }
    return result
