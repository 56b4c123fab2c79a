"""A local Letzshop sandbox: the parts of Letzshop the platform calls, for `make run` without
network and for the tests.

- POST /graphql answers the operations of apps/marketplace/letzshop/operations.py in Letzshop's
  shapes (`me`, `shipments` paged Relay-style, `confirmInventoryUnits`, `setShipmentTracking`),
  for requests with `Authorization: Bearer <a known key>`.
- GET /feeds/<lang>.tsv (and .csv, .tsv.gz) serve the vendor's product feed in the Google Shopping
  format Letzshop uses, in fr, de and en (`?edition=1`: as it was before its latest changes);
  /feeds/shopify.csv the same products as a Shopify product export; /feeds/big.tsv?rows=N a feed
  of N rows for the benchmarks.
- GET /images/<name>.jpg draws a small picture, so image fetching works offline.

The data is generated from a seed, so every start gives the same catalogue and shipments: the
shipments' units carry the feed's GTINs and SKUs (a few on purpose match nothing).

Tests steer it: `revoke(key)`, `fail_next(status, times)`, `graphql_error_next(message)`,
`add_shipments(n)`, and read `requests` (what was called).

    python -m tools.letzshop_sandbox --port 12112 --shipments 120
"""

from __future__ import annotations

import argparse
import base64
import csv
import gzip
import io
import json
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from PIL import Image

DEMO_API_KEY = "lzs_sandbox_demo_key_0001"
LANGUAGES = ("fr", "de", "en")
GOOGLE_COLUMNS = [
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "additional_image_link",
    "availability",
    "price",
    "sale_price",
    "brand",
    "gtin",
    "mpn",
    "condition",
    "item_group_id",
    "color",
    "size",
    "product_type",
    "google_product_category",
    "shipping_weight",
]

_KINDS = [
    # (en, fr, de, feed category, google category, base price)
    (
        "Linen shirt",
        "Chemise en lin",
        "Leinenhemd",
        "Apparel > Shirts",
        "Apparel & Accessories > Clothing > Shirts & Tops",
        49,
    ),
    (
        "Wool scarf",
        "Écharpe en laine",
        "Wollschal",
        "Apparel > Scarves",
        "Apparel & Accessories > Clothing Accessories > Scarves & Shawls",
        35,
    ),
    (
        "Ceramic mug",
        "Tasse en céramique",
        "Keramiktasse",
        "Home > Kitchen",
        "Home & Garden > Kitchen & Dining > Tableware > Drinkware > Mugs",
        18,
    ),
    (
        "Leather wallet",
        "Portefeuille en cuir",
        "Lederbörse",
        "Accessories > Wallets",
        "Apparel & Accessories > Handbags, Wallets & Cases > Wallets & Money Clips",
        59,
    ),
    (
        "Scented candle",
        "Bougie parfumée",
        "Duftkerze",
        "Home > Decor",
        "Home & Garden > Decor > Home Fragrances > Candles",
        24,
    ),
    (
        "Cotton tote bag",
        "Sac en coton",
        "Baumwolltasche",
        "Accessories > Bags",
        "Apparel & Accessories > Handbags, Wallets & Cases > Handbags",
        15,
    ),
    (
        "Riesling Grand Premier Cru",
        "Riesling Grand Premier Cru",
        "Riesling Grand Premier Cru",
        "Food > Wine",
        "Food, Beverages & Tobacco > Beverages > Alcoholic Beverages > Wine",
        22,
    ),
    (
        "Luxembourg honey",
        "Miel du Luxembourg",
        "Luxemburger Honig",
        "Food > Pantry",
        "Food, Beverages & Tobacco > Food Items > Honey",
        9,
    ),
]
_BRANDS = ["Atelier Moselle", "Kiem Design", "Éislek Craft", "Minett Goods"]
_COLOURS = [("Blue", "Bleu", "Blau"), ("Green", "Vert", "Grün"), ("Sand", "Sable", "Sand")]
_SIZES = ["S", "M", "L"]
_DISCONTINUED = {"en": "Discontinued item", "fr": "Article retiré", "de": "Ausgelaufener Artikel"}
_FIRST = ["Léa", "Max", "Sophie", "Tom", "Anna", "Luc", "Emma", "Paul", "Julie", "Marc"]
_LAST = ["Muller", "Weber", "Schmit", "Hoffmann", "Wagner", "Kremer", "Thill", "Reuter"]
_CITIES = [
    ("Luxembourg", "L-1111"),
    ("Esch-sur-Alzette", "L-4001"),
    ("Differdange", "L-4501"),
    ("Ettelbruck", "L-9001"),
]


def _gid(kind: str, number: int) -> str:
    return base64.b64encode(f"{kind}:{number}".encode()).decode()


def _ean13(number: int) -> str:
    body = f"40{number:010d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


@dataclass
class FeedProduct:
    feed_id: str
    group: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    price: Decimal
    sale_price: Decimal | None
    brand: str
    gtin: str
    sku: str
    colour: tuple[str, str, str] | None
    size: str
    category: str
    google_category: str
    available: bool
    weight: int


def build_catalogue(seed: int = 7, groups: int = 24) -> list[FeedProduct]:
    """The vendor's products: `groups` item groups, most with colour or size variants."""
    rng = random.Random(seed)
    products: list[FeedProduct] = []
    number = 0
    for group_index in range(groups):
        kind = _KINDS[group_index % len(_KINDS)]
        brand = _BRANDS[group_index % len(_BRANDS)]
        apparel = kind[3].startswith("Apparel")
        colours = _COLOURS[: rng.randint(1, 3)] if group_index % 3 != 2 else [None]
        sizes = _SIZES if apparel else [""]
        base = Decimal(kind[5] + rng.randint(0, 20)) - Decimal("0.10")
        for colour in colours:
            for size in sizes:
                number += 1
                suffix = {
                    lang: " ".join(p for p in ((colour[i] if colour else ""), size) if p)
                    for i, lang in enumerate(("en", "fr", "de"))
                }
                titles = {"en": kind[0], "fr": kind[1], "de": kind[2]}
                titles = {
                    lang: f"{brand} {title}" + (f" – {suffix[lang]}" if suffix[lang] else "")
                    for lang, title in titles.items()
                }
                products.append(
                    FeedProduct(
                        feed_id=f"LZ-{number:05d}",
                        group=f"G-{group_index + 1:04d}",
                        titles=titles,
                        descriptions={
                            "en": f"{kind[0]} by {brand}, made in Luxembourg.",
                            "fr": f"{kind[1]} de {brand}, fabriqué au Luxembourg.",
                            "de": f"{kind[2]} von {brand}, hergestellt in Luxemburg.",
                        },
                        price=base,
                        sale_price=(base * Decimal("0.8")).quantize(Decimal("0.01")) if number % 11 == 0 else None,
                        brand=brand,
                        gtin=_ean13(number),
                        sku=f"LZ-{group_index + 1:03d}-{number:04d}",
                        colour=colour,
                        size=size,
                        category=kind[3],
                        google_category=kind[4],
                        available=number % 13 != 0,
                        weight=200 + 50 * (group_index % 5),
                    )
                )
    return products


@dataclass
class Shipment:
    number: int
    state: str
    updated_at: datetime
    order: dict[str, Any]
    units: list[dict[str, Any]]
    tracking: dict[str, str] | None = None

    @property
    def id(self) -> str:
        return _gid("Shipment", self.number)

    def node(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": f"H{self.number:010d}",
            "state": self.state,
            "updatedAt": self.updated_at.isoformat().replace("+00:00", "Z"),
            "order": self.order,
            "inventoryUnits": self.units,
            "tracking": self.tracking,
        }


def _address(rng: random.Random, first: str, last: str) -> dict[str, Any]:
    city, zip_code = rng.choice(_CITIES)
    return {
        "firstName": first,
        "lastName": last,
        "company": "",
        "streetName": rng.choice(["Grand-Rue", "Rue de la Gare", "Avenue de la Liberté", "Rue du Fort"]),
        "streetNumber": str(rng.randint(1, 120)),
        "city": city,
        "zipCode": zip_code,
        "phone": f"+352 621 {rng.randint(100, 999)} {rng.randint(100, 999)}",
        "country": {"iso": "LU"},
    }


def build_shipments(catalogue: list[FeedProduct], count: int, *, seed: int = 11, start: int = 1) -> list[Shipment]:
    """`count` shipments over the last months, about a third of them still unconfirmed; one unit in
    twenty points at a product that is not in the feed (it cannot be matched)."""
    rng = random.Random(seed + start)
    now = datetime.now(UTC).replace(microsecond=0)
    shipments = []
    for index in range(count):
        number = start + index
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        completed = now - timedelta(days=(count - index) * 90 / max(count, 1), minutes=rng.randint(0, 600))
        units = []
        for unit_index in range(rng.choice((1, 1, 1, 2, 2, 3))):
            product = rng.choice(catalogue)
            unknown = rng.random() < 0.05
            units.append(
                {
                    "id": _gid("InventoryUnit", number * 10 + unit_index),
                    "state": "unconfirmed",
                    "price": str(product.price),
                    "variant": {
                        "id": _gid("Variant", 90000 + number if unknown else int(product.feed_id[3:])),
                        "sku": f"UNKNOWN-{number}" if unknown else product.sku,
                        "mpn": "",
                        "tradeId": {"number": "" if unknown else product.gtin, "parser": "gtin13"},
                        "product": {
                            "name": {"en": "Discontinued item", "fr": "Article retiré", "de": "Ausgelaufener Artikel"}
                        }
                        if unknown
                        else {"name": {lang: product.titles[lang] for lang in ("en", "fr", "de")}},
                    },
                }
            )
        confirmed = index < count * 2 // 3
        if confirmed:
            for unit in units:
                unit["state"] = "confirmed"
        total = sum(Decimal(u["price"]) for u in units)
        address = _address(rng, first, last)
        shipments.append(
            Shipment(
                number=number,
                state="confirmed" if confirmed else "unconfirmed",
                updated_at=completed + timedelta(minutes=5),
                order={
                    "id": _gid("Order", number),
                    "number": f"R{number:010d}",
                    "email": f"{first.lower()}.{last.lower()}.{number}@example.lu".replace("é", "e"),
                    "locale": rng.choice(LANGUAGES),
                    "completedAt": completed.isoformat().replace("+00:00", "Z"),
                    "total": str(total),
                    "shipAddress": address,
                    "billAddress": address,
                },
                units=units,
            )
        )
    return shipments


@dataclass
class Recorded:
    method: str
    path: str
    key: str
    operation: str
    variables: dict[str, Any]


@dataclass
class LetzshopSandbox:
    keys: set[str] = field(default_factory=lambda: {DEMO_API_KEY})
    shipment_count: int = 60
    seed: int = 7
    catalogue: list[FeedProduct] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    _failures: list[int] = field(default_factory=list)
    _graphql_errors: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    def __post_init__(self) -> None:
        self.catalogue = build_catalogue(self.seed)
        self.shipments = build_shipments(self.catalogue, self.shipment_count)

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> LetzshopSandbox:
        sandbox = self

        class Handler(_Handler):
            pass

        Handler.sandbox = sandbox
        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"

    def feed_url(self, language: str = "fr", extension: str = "tsv") -> str:
        return f"{self.url}/feeds/{language}.{extension}"

    # --- steering (tests) ------------------------------------------------------------------------

    def revoke(self, key: str) -> None:
        self.keys.discard(key)

    def fail_next(self, status: int, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([status] * times)

    def graphql_error_next(self, message: str) -> None:
        with self._lock:
            self._graphql_errors.append(message)

    def add_shipments(self, count: int) -> list[Shipment]:
        with self._lock:
            start = max((s.number for s in self.shipments), default=0) + 1
            new = build_shipments(self.catalogue, count, start=start)
            now = datetime.now(UTC).replace(microsecond=0)
            for shipment in new:
                shipment.state = "unconfirmed"
                shipment.updated_at = now
                for unit in shipment.units:
                    unit["state"] = "unconfirmed"
            self.shipments.extend(new)
            return new

    def calls(self, operation: str) -> list[Recorded]:
        return [r for r in self.requests if r.operation == operation]

    # --- GraphQL ---------------------------------------------------------------------------------

    def graphql(self, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        query = str(body.get("query") or "")
        variables = body.get("variables") if isinstance(body.get("variables"), dict) else {}
        operation = next(
            (name for name in ("confirmInventoryUnits", "setShipmentTracking", "shipments", "me") if name in query), ""
        )
        with self._lock:
            self.requests.append(Recorded("POST", "/graphql", key, operation, variables))
            failure = self._failures.pop(0) if self._failures else None
            graphql_error = self._graphql_errors.pop(0) if self._graphql_errors else None
        if failure:
            return failure, {"errors": [{"message": "sandbox failure"}]}
        if key not in self.keys:
            return 401, {"errors": [{"message": "Unauthorized", "extensions": {"code": "UNAUTHENTICATED"}}]}
        if graphql_error:
            return 200, {"errors": [{"message": graphql_error}], "data": None}
        handler = {
            "me": self._me,
            "shipments": self._shipments,
            "confirmInventoryUnits": self._confirm,
            "setShipmentTracking": self._tracking,
        }.get(operation)
        if handler is None:
            return 200, {"errors": [{"message": "Unknown operation"}], "data": None}
        return 200, {"data": handler(variables)}

    def _me(self, _variables: dict) -> dict:
        return {
            "me": {
                "id": _gid("User", 1),
                "email": "vendor@sandbox.letzshop.lu",
                "vendor": {"id": _gid("Vendor", 1), "name": "Sandbox Vendor", "slug": "sandbox-vendor"},
            }
        }

    def _shipments(self, variables: dict) -> dict:
        state = variables.get("state")
        first = max(1, min(int(variables.get("first") or 50), 100))
        after = int(base64.b64decode(variables["after"]).decode().split(":")[1]) if variables.get("after") else 0
        since = variables.get("updatedSince")
        with self._lock:
            chosen = [
                s
                for s in sorted(self.shipments, key=lambda s: s.number)
                if (not state or s.state == state)
                and s.number > after
                and (not since or s.updated_at.isoformat().replace("+00:00", "Z") > since)
            ]
            page = chosen[:first]
            nodes = [s.node() for s in page]
        end = _gid("Cursor", page[-1].number) if page else variables.get("after")
        return {"shipments": {"nodes": nodes, "pageInfo": {"hasNextPage": len(chosen) > first, "endCursor": end}}}

    def _unit(self, unit_id: str) -> tuple[Shipment, dict] | None:
        for shipment in self.shipments:
            for unit in shipment.units:
                if unit["id"] == unit_id:
                    return shipment, unit
        return None

    def _confirm(self, variables: dict) -> dict:
        decisions = ((variables.get("input") or {}).get("inventoryUnits")) or []
        done, errors = [], []
        with self._lock:
            for decision in decisions:
                found = self._unit(str(decision.get("inventoryUnitId")))
                if found is None:
                    errors.append(
                        {
                            "id": decision.get("inventoryUnitId"),
                            "code": "NOT_FOUND",
                            "message": "No such inventory unit",
                        }
                    )
                    continue
                shipment, unit = found
                unit["state"] = "confirmed" if decision.get("isAvailable") else "declined"
                done.append({"id": unit["id"], "state": unit["state"]})
                states = {u["state"] for u in shipment.units}
                if "unconfirmed" not in states:
                    shipment.state = "declined" if states == {"declined"} else "confirmed"
                shipment.updated_at = datetime.now(UTC).replace(microsecond=0)
        return {"confirmInventoryUnits": {"inventoryUnits": done, "errors": errors}}

    def _tracking(self, variables: dict) -> dict:
        data = variables.get("input") or {}
        with self._lock:
            shipment = next((s for s in self.shipments if s.id == data.get("shipmentId")), None)
            if shipment is None:
                return {
                    "setShipmentTracking": {
                        "shipment": None,
                        "errors": [{"code": "NOT_FOUND", "message": "No such shipment"}],
                    }
                }
            shipment.tracking = {"code": str(data.get("code", "")), "provider": str(data.get("provider", ""))}
            shipment.state = "shipped"
            shipment.updated_at = datetime.now(UTC).replace(microsecond=0)
            return {
                "setShipmentTracking": {"shipment": {"id": shipment.id, "tracking": shipment.tracking}, "errors": []}
            }

    # --- feeds -----------------------------------------------------------------------------------

    def edition(self, number: int) -> list[FeedProduct]:
        """The catalogue as the feed gave it at an earlier `number` (1), or now (2, the default):
        edition 1 lacked the last four products, still had two that were since retired, and every
        seventh product cost 10 % less, so a re-import finds new, changed and gone products."""
        if number >= 2:
            return self.catalogue
        retired = [
            FeedProduct(**{**self.catalogue[i].__dict__, "feed_id": f"LZ-R{i + 1:04d}", "group": f"R-{i + 1:04d}"})
            for i in (0, 1)
        ]
        older = []
        for index, product in enumerate(self.catalogue[:-4]):
            if index % 7 == 3:
                product = FeedProduct(
                    **{**product.__dict__, "price": (product.price * Decimal("0.9")).quantize(Decimal("0.01"))}
                )
            older.append(product)
        return older + retired

    def google_feed(self, language: str, *, delimiter: str = "\t", rows: int | None = None, edition: int = 2) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(GOOGLE_COLUMNS)
        products = self.edition(edition) if rows is None else [self._big_row(i) for i in range(rows)]
        for p in products:
            index = ("en", "fr", "de").index(language) if language in ("en", "fr", "de") else 0
            writer.writerow(
                [
                    p.feed_id,
                    p.titles.get(language, p.titles["en"]),
                    p.descriptions.get(language, p.descriptions["en"]),
                    f"https://letzshop.lu/{language}/vendors/sandbox-vendor/products/{p.feed_id.lower()}",
                    f"{self.url}/images/{p.group.lower()}-{index}.jpg"
                    if rows is None
                    else f"{self.url}/images/big.jpg",
                    f"{self.url}/images/{p.group.lower()}-alt.jpg" if rows is None else "",
                    "in stock" if p.available else "out of stock",
                    f"{p.price} EUR",
                    f"{p.sale_price} EUR" if p.sale_price else "",
                    p.brand,
                    p.gtin,
                    p.sku,
                    "new",
                    p.group,
                    p.colour[index] if p.colour else "",
                    p.size,
                    p.category,
                    p.google_category,
                    f"{p.weight} g",
                ]
            )
        return out.getvalue()

    def _big_row(self, index: int) -> FeedProduct:
        base = self.catalogue[index % len(self.catalogue)]
        return FeedProduct(
            **{
                **base.__dict__,
                "feed_id": f"BIG-{index:07d}",
                "group": f"BG-{index // 3:06d}",
                "gtin": _ean13(500000 + index),
                "sku": f"BIG-{index:07d}",
            }
        )

    def shopify_feed(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "Handle",
                "Title",
                "Body (HTML)",
                "Vendor",
                "Type",
                "Tags",
                "Published",
                "Option1 Name",
                "Option1 Value",
                "Option2 Name",
                "Option2 Value",
                "Option3 Name",
                "Option3 Value",
                "Variant SKU",
                "Variant Grams",
                "Variant Inventory Qty",
                "Variant Price",
                "Variant Compare At Price",
                "Variant Barcode",
                "Image Src",
                "Image Position",
                "Status",
            ]
        )
        seen: set[str] = set()
        for p in self.catalogue:
            first = p.group not in seen
            seen.add(p.group)
            writer.writerow(
                [
                    p.group.lower(),
                    p.titles["en"].split(" – ")[0] if first else "",
                    f"<p>{p.descriptions['en']}</p>" if first else "",
                    p.brand if first else "",
                    p.category if first else "",
                    "",
                    "TRUE" if first else "",
                    "Color" if p.colour else ("Size" if p.size else "Title"),
                    p.colour[0] if p.colour else (p.size or "Default Title"),
                    "Size" if p.colour and p.size else "",
                    p.size if p.colour and p.size else "",
                    "",
                    "",
                    p.sku,
                    str(p.weight),
                    "5" if p.available else "0",
                    str(p.sale_price or p.price),
                    str(p.price) if p.sale_price else "",
                    p.gtin,
                    f"{self.url}/images/{p.group.lower()}-0.jpg" if first else "",
                    "1" if first else "",
                    "active" if first else "",
                ]
            )
        return out.getvalue()


def _image(name: str) -> bytes:
    shade = sum(name.encode()) % 200
    image = Image.new("RGB", (640, 640), (40 + shade // 2, 90 + shade // 3, 120 + shade // 4))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


class _Handler(BaseHTTPRequestHandler):
    sandbox: LetzshopSandbox
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/graphql":
            return self._send(404, b'{"errors":[{"message":"Not found"}]}', "application/json")
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self._send(400, b'{"errors":[{"message":"Invalid JSON"}]}', "application/json")
        auth = self.headers.get("Authorization", "")
        key = auth[7:] if auth.startswith("Bearer ") else ""
        status, payload = self.sandbox.graphql(key, body if isinstance(body, dict) else {})
        extra = {"Retry-After": "0"} if status == 429 else None
        self._send(status, json.dumps(payload).encode(), "application/json", extra)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if path.startswith("/images/") and path.endswith(".jpg"):
            return self._send(200, _image(path), "image/jpeg")
        if path == "/feeds/shopify.csv":
            return self._send(200, self.sandbox.shopify_feed().encode(), "text/csv; charset=utf-8")
        if path == "/feeds/big.tsv":
            rows = max(1, min(int((query.get("rows") or ["50000"])[0]), 500000))
            return self._send(200, self.sandbox.google_feed("en", rows=rows).encode(), "text/tab-separated-values")
        name = path.removeprefix("/feeds/")
        language, _, extension = name.partition(".")
        if path.startswith("/feeds/") and language in LANGUAGES and extension in ("tsv", "csv", "tsv.gz"):
            edition = int((query.get("edition") or ["2"])[0]) if (query.get("edition") or ["2"])[0].isdigit() else 2
            text = self.sandbox.google_feed(language, delimiter="," if extension == "csv" else "\t", edition=edition)
            if extension == "tsv.gz":
                return self._send(200, gzip.compress(text.encode()), "application/gzip")
            return self._send(200, text.encode(), "text/tab-separated-values; charset=utf-8")
        self._send(404, b"Not found", "text/plain")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12112)
    parser.add_argument("--shipments", type=int, default=120)
    parser.add_argument("--key", action="append", default=[], help="an API key it accepts (besides the demo key)")
    args = parser.parse_args()
    sandbox = LetzshopSandbox(keys={DEMO_API_KEY, *args.key}, shipment_count=args.shipments)
    sandbox.start(args.host, args.port)
    print(f"Letzshop sandbox on {sandbox.url}: GraphQL {sandbox.graphql_url}, key {DEMO_API_KEY}", flush=True)
    for language in LANGUAGES:
        print(f"  feed ({language}): {sandbox.feed_url(language)}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
