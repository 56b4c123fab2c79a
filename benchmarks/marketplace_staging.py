"""The curation page's reads with 50,000 staging products in one store.

The staging rows are written with COPY (the feed import's own benchmark times the import), in
groups, brands, feed categories, prices and states like a real feed, then ANALYZE. Then the
browse list's selectors are timed as the page calls them (a page of 50 with the capped count and
the facets), and the page ``/store/<code>/marketplace/products/`` itself through Django's test
client (the whole stack), signed in as the owner: unfiltered, filtered, searched. The count and
the facets are cached under the store's staging version (apps/marketplace/cache.py); the
"uncached" figures make them stale before every read, as the first read after a write sees."""

from __future__ import annotations

import random
import time
from urllib.parse import urlencode

from .common import Result, log, percentile

STORE_CODE = "MKTBENCH"
TARGET_P95_MS = 100.0
ROWS = 50_000
PAGE = 50
BRANDS = ("Nordic", "Acme", "Lux Design", "Villeroy", "Moselle", "Ardennes", "Kaffi", "Miel", "Stone", "Bamboo")
CATEGORIES = ("Home > Kitchen", "Home > Living", "Garden", "Clothing > Shirts", "Clothing > Shoes", "Toys", "Food")
WORDS = ("teapot", "shirt", "lamp", "mug", "chair", "plate", "scarf", "boots", "honey", "coffee", "vase", "rug")
COLUMNS = (
    "created_at, updated_at, store_id, feed_id, item_group_id, titles, descriptions, link, image_link, "
    "additional_image_links, availability, price, currency, brand, gtin, mpn, condition, color, size, product_type, "
    "google_product_category, content_hash, state, changed_fields, is_selected, customisation, search_text, "
    "diff_language, feed_language, thumbnail"
)
QUERIES = {
    "plain": [{}, {"page": "3"}, {"sort": "price_desc"}],
    "filtered": [
        {"brand": "Nordic"},
        {"category": "Home > Kitchen", "availability": "in_stock"},
        {"price_min": "20", "price_max": "40"},
        {"changed": "1"},
        {"published": "no", "selected": "yes"},
    ],
    "search": [{"q": "teapot"}, {"q": "F0042"}, {"q": "nordic lamp"}, {"q": "no such thing"}],
}


def ensure_store():
    from apps.onboarding.services import merchant_signup
    from apps.tenancy.models import Store

    store = Store.objects.filter(code=STORE_CODE).select_related("merchant").first()
    if store is None:
        _merchant, store, _owner, _token = merchant_signup(
            company="Marketplace Bench S.A.",
            store_name="Marketplace Bench",
            store_code=STORE_CODE,
            owner_name="Marketplace Owner",
            email="owner@marketplace-bench.example",
            password="Bench-market-Passw0rd!",
            send_welcome=False,
            email_confirmed=True,
            onboarded=True,
        )
        store = Store.objects.select_related("merchant").get(pk=store.pk)
    return store


def _rows(store, count: int, now, rng: random.Random):
    states = ["unchanged"] * 8 + ["changed", "new", "gone"]
    for n in range(count):
        word, brand, category = rng.choice(WORDS), rng.choice(BRANDS), rng.choice(CATEGORIES)
        group, colour = f"G{n // 3:05d}", ("Red", "Blue", "Green")[n % 3]
        title = f"{brand} {word} {n} - {colour}"
        feed_id = f"F{n:06d}"
        yield (now, now, store.id, feed_id, group, f'{{"en": "{title}"}}', '{"en": "A fine thing."}', "",
               f"https://images.example.lu/{n}.jpg", "{}",
               "out_of_stock" if n % 17 == 0 else "in_stock", rng.randint(199, 19_999) / 100, "EUR", brand,
               f"{4_000_000_000_000 + n}", "", "new", colour, "M", category, "", "", rng.choice(states),
               "{}", n % 11 == 0, "{}", f"{title} {brand} {feed_id} {category}".lower(), "en", "en", "")  # fmt: skip


def populate(store, *, rows: int, seed: int = 5) -> dict:
    from django.db import connection
    from django.utils import timezone

    from apps.marketplace.models import StagingProduct

    connection.set_tenant(store.merchant)
    existing = StagingProduct.objects.filter(store_id=store.id).count()
    if existing >= rows:
        return {"rows": existing, "seconds": 0.0}
    schema = store.merchant.schema_name
    began = time.perf_counter()
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema}".marketplace_stagingproduct WHERE store_id = %s', [store.id])
        with cursor.copy(f'COPY "{schema}".marketplace_stagingproduct ({COLUMNS}) FROM STDIN') as copy:
            for row in _rows(store, rows, timezone.now(), random.Random(seed)):
                copy.write_row(row)
        cursor.execute(f'VACUUM ANALYZE "{schema}".marketplace_stagingproduct')  # as autovacuum would
    return {"rows": rows, "seconds": time.perf_counter() - began}


def _selector_reads(store, *, cold: bool = False):
    """What the page reads: a page of 50, the capped count, the facets (`cold`: with the cached
    count and facets made stale first, as after a write to the staging rows)."""
    from apps.marketplace import selectors
    from apps.marketplace.cache import staging_changed

    def read(params: dict) -> None:
        if cold:
            staging_changed(store.id)
        filters = selectors.staging_filters_parse(params)
        rows = selectors.staging_list(store=store, filters=filters, sort=params.get("sort", ""))
        page = selectors.StagingPaginator(rows, PAGE, store=store, filters=filters).get_page(params.get("page"))
        list(page.object_list)
        selectors.staging_facets(store=store, filters=filters)

    return read


def _client(store):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_tenants.utils import tenant_context

    client = Client(HTTP_HOST=store.subdomain)
    with tenant_context(store.merchant):
        client.force_login(get_user_model().objects.get(email="owner@marketplace-bench.example"))
    return client


def _time(call, queries: list[dict], repeats: int) -> list[float]:
    for query in queries:
        call(query)  # warm
    samples = []
    for _ in range(repeats):
        for query in queries:
            began = time.perf_counter()
            call(query)
            samples.append((time.perf_counter() - began) * 1000)
    return samples


def measure(store, *, repeats: int) -> dict:
    from django.db import connection

    connection.set_tenant(store.merchant)
    read = _selector_reads(store)
    found = {f"selectors {kind}": _time(read, queries, repeats) for kind, queries in QUERIES.items()}
    cold = _selector_reads(store, cold=True)
    found.update({f"selectors-uncached {kind}": _time(cold, queries, repeats) for kind, queries in QUERIES.items()})
    connection.set_schema_to_public()
    client = _client(store)
    base = f"/store/{store.code}/marketplace/products/"

    def get(query: dict) -> None:
        response = client.get(f"{base}?{urlencode(query)}" if query else base)
        if response.status_code != 200:
            raise RuntimeError(f"{base} {query} answered {response.status_code}")

    found.update({f"page {kind}": _time(get, queries, repeats) for kind, queries in QUERIES.items()})
    dashboard = f"/store/{store.code}/"
    found["baseline"] = _time(lambda _query: client.get(dashboard), [{}], repeats * 3)
    return found


def run(args, _target) -> Result:
    from django.db import connection

    result = Result("marketplace_staging")
    store = ensure_store()
    log(f"marketplace: writing {args.staging_rows:,} staging products into {store.code} (COPY)")
    data = populate(store, rows=args.staging_rows)
    connection.set_schema_to_public()
    log("marketplace: timing the curation list (selectors, then the page)")
    samples = measure(store, repeats=args.staging_repeats)
    baseline = percentile(samples.pop("baseline"), 95)
    result.add("baseline: store dashboard, p95", baseline, "ms").note = "GET /store/<code>/, same client, same run"
    for name, values in samples.items():
        p95 = percentile(values, 95)
        held = "uncached" not in name  # after a write: shown, not held to the target
        figure = result.add(
            f"{name}, {data['rows']:,} rows: p95",
            p95,
            "ms",
            f"< {TARGET_P95_MS:.0f} ms" if held else "",
            p95 < TARGET_P95_MS if held else None,
        )
        figure.note = f"{len(values)} reads over {QUERIES[name.split()[1]]}"
    if data["seconds"]:
        result.add(f"bulk data: {data['rows']:,} staging rows (COPY)", data["seconds"], "s")
    result.details = {"data": data, "samples_ms": samples}
    return result


def add_arguments(parser) -> None:
    group = parser.add_argument_group("marketplace_staging")
    group.add_argument("--staging-rows", type=int, default=ROWS, help="staging products (default 50,000)")
    group.add_argument("--staging-repeats", type=int, default=10, help="reads of each query (default 10)")
