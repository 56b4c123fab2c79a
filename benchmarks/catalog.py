"""The catalog at scale: storefront listings and search over 50,000 products, and image renditions.

One bench store gets 50,000 products in bulk (benchmarks/catalog_data.py). Two gunicorn servers
(sync workers, loopback, DEBUG off) are then driven in turn by the benchmarks' shared load
generator (load.py), scenario after scenario, round after round, the median round reported:

- ``storefront``: the development settings, the store's real pages (routing, middleware, views,
  templates, the listing cache);
- ``plain``: the plain view of benchmarks/urls_plain.py without tenant routing (no database):
  the ceiling the listing pages are compared with.

Listing pages cache their catalog fragment per store, catalog version, language and query string
(apps/catalog/views/storefront.py). Each page is therefore measured twice: as most visitors get
it (the same addresses again and again, served from the cache) and uncached (a query parameter
the page ignores, given a value never sent before in the run on every request, so every request
builds the listing: queries, rendering; what a visitor gets after a catalog change, or with an ad
tracker's parameters in the address). The servers say on each listing whether it came from the
cache (X-Listing-Cache): the hits of every uncached scenario are reported, and must be 0.

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
from urllib.parse import quote

from .common import Result, log, summary
from .load import (
    BUST,
    LoadGenerator,
    Scenario,
    add_cache_figures,
    add_drift_figure,
    failures,
    measure,
    run_rounds,
    scenario_details,
)
from .servers import Server, fetch, start_server, stop_server, wait_ready

TARGET_LISTING_RATIO = 0.25
TARGET_SEARCH_P95_MS = 50.0
TARGET_IMAGES_PER_SECOND = 1.0  # ours: a photo is ready about a second after its upload
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


def _scenarios() -> list[Scenario]:
    categories = [f"/c/{slug}/" for slug in CATEGORY_SLUGS]
    searches = [f"/search/?q={quote(q)}" for q in SEARCHES]
    return [
        Scenario("plain", "plain view (no database)", "plain", ["/"]),
        Scenario("home", "home page (cached)", "storefront", ["/"], held=True),
        Scenario("category", "category pages (cached)", "storefront", categories, held=True),
        Scenario("category-uncached", "category pages (uncached)", "storefront", categories, uncached=True, held=True),
        Scenario("all", "all products, /search/ (cached)", "storefront", ["/search/"], held=True),
        Scenario(
            "all-uncached", "all products, /search/ (uncached)", "storefront", ["/search/"], uncached=True, held=True
        ),
        Scenario("search", "search with words (cached)", "storefront", searches),
        Scenario("search-uncached", "search with words (uncached)", "storefront", searches, uncached=True),
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
    search = next(s for s in scenarios if s.key == "search-uncached")
    alone = Scenario(
        "search-alone", "search with words (uncached), one client", "storefront", search.paths, uncached=True
    )
    generator = LoadGenerator(args.client_processes, args.connections)
    single = LoadGenerator(1, 1)
    try:
        for server in servers.values():
            start_server(server, target, args.workers, log_prefix="catalog")
        for server in servers.values():
            wait_ready(server, host)
        results_found = _check(servers, host, scenarios)
        searches = [p for p in results_found if "?q=" in p]
        hits = sum(1 for p in searches if results_found[p])
        log(f"catalog: {hits} of {len(searches)} searches find products (typos included)")
        run_rounds(
            generator,
            servers,
            host,
            scenarios,
            rounds=args.catalog_rounds,
            seconds=args.seconds,
            warmup=args.warmup,
            prefix="catalog",
        )
        seconds = max(args.seconds * args.catalog_rounds, 8.0)
        log(f"catalog: search latency with one client for {seconds:g} s")
        alone.samples.append(measure(single, servers["storefront"], host, alone, seconds))
    finally:
        generator.close()
        single.close()
        for server in servers.values():
            stop_server(server)

    bad = failures(scenarios)
    if bad:
        log(f"catalog: WARNING, failed or non-200 requests: {bad}")
    plain = scenarios[0]
    plain_rps = plain.median("rps")
    note = (
        f"{data.get('counts', {}).get('products', args.products):,} products; median of {args.catalog_rounds} rounds "
        f"of {args.seconds:g} s, {args.workers} sync workers, {args.connections} connections"
        + (f"; failed requests: {bad}" if bad else "")
    )
    result.add(plain.label, plain_rps, "req/s").note = note
    ratio_text = f">= {TARGET_LISTING_RATIO * 100:.0f} % of plain"
    for scenario in scenarios[1:]:
        rps = scenario.median("rps")
        result.add(f"{scenario.label}", rps, "req/s")
        if scenario.held:
            ratio = rps / plain_rps
            ok = ratio >= TARGET_LISTING_RATIO and scenario.key not in bad
            result.add(f"{scenario.label} / plain", ratio * 100, "%", ratio_text, ok)
    for scenario in scenarios[1:]:
        result.add(f"{scenario.label}: p95 under load", scenario.median("p95"), "ms")
    lone = alone.samples[0]
    p95 = lone["latency_ms"]["p95"]
    figure = result.add(
        f"{alone.label}: p95",
        p95,
        "ms",
        f"< {TARGET_SEARCH_P95_MS:.0f} ms",
        p95 < TARGET_SEARCH_P95_MS and not alone.failed(),
    )
    figure.note = (
        f"{lone['requests']} requests over {len(SEARCHES)} search texts, each with a {BUST}= never sent before so "
        "none is served from the listing cache; one connection, so no queueing behind other requests"
    )
    result.add(f"{alone.label}: p50", lone["latency_ms"]["p50"], "ms")
    for scenario in scenarios:
        value = scenario.cpu_ms()
        if value is not None:
            result.add(f"{scenario.label}: server CPU per request", value, "ms")
    add_cache_figures(result, [*scenarios, alone])
    drifts = add_drift_figure(result, scenarios, args.max_drift)
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
        "max_drift_pct": args.max_drift,
        "client_cpu_cores_used_median": statistics.median(cores) if cores else None,
        "search_results_per_query": {p: n for p, n in results_found.items() if "?q=" in p},
        "search_alone": lone,
        "scenarios": scenario_details([*scenarios, alone], drifts),
    }
    return result
