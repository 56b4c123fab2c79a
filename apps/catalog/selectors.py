"""Reads of the catalog. Every function takes the store and looks only inside it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.core.errors import NotFound

from .cache import catalog_version
from .models import Category, InventoryItem, OptionType, Product, ProductImage, StockMovement, Variant
from .search import LANGUAGE_CONFIG, config_for, corrected_query, corrections

MAX_QUERY_LENGTH = 200
_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
_LANGUAGE_SUFFIXES = tuple(f"_{code}" for code in _LANGUAGES)
SORTS = {
    "newest": ("-published_at", "-id"),
    "price_asc": ("price_min", "id"),  # what the cheapest variant costs, as cards say "from"
    "price_desc": ("-price_min", "-id"),
    "title": ("title", "id"),
    "relevance": None,
}
STORE_SORTS = {
    "newest": ("-created_at", "-id"),
    "updated": ("-updated_at", "-id"),
    "title": ("title", "id"),
    "sku": ("sku", "id"),
    "price_asc": ("price", "id"),
    "price_desc": ("-price", "-id"),
    "stock_asc": ("stock", "id"),
}


def _title_in_the_visitors_language():
    """The title a visitor reads, for sorting: their language's, else the first of the fallback
    languages that has one (as modeltranslation shows it), without regard to case."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    codes = [c for c in dict.fromkeys((language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES)) if c in _LANGUAGES]
    return Lower(Coalesce(*(NullIf(F(f"title_{code}"), Value("")) for code in codes), output_field=CharField()))


def _order(fields: tuple[str, ...]) -> tuple:
    return tuple(_title_in_the_visitors_language() if name == "title" else name for name in fields)


def clean_query(text: str | None) -> str:
    """User search text, trimmed. Operators need no escaping: websearch_to_tsquery and trigram
    matching read any input as words."""
    text = (text or "").replace("\x00", " ")  # PostgreSQL text cannot hold NUL
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _in_stock() -> Q:
    return Q(available__gt=0)


def _in_stock_flag() -> ExpressionWrapper:
    return ExpressionWrapper(_in_stock(), output_field=BooleanField())


MAX_MATCHES = 5000
TYPO_FALLBACK_BELOW = 10


def _text_query(text: str, language: str | None) -> SearchQuery:
    """The visitor's words, stemmed in their language, or matched as they are (accents aside)."""
    return SearchQuery(text, config=config_for(language), search_type="websearch") | SearchQuery(
        text, config=LANGUAGE_CONFIG["lb"], search_type="websearch"
    )


def _ranked_ids(qs: QuerySet[Product], query: SearchQuery, limit: int) -> list[int]:
    """Ids of the products matching `query`, best first (full-text rank, titles above texts)."""
    ranked = qs.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    return list(ranked.order_by("-rank", "-id").values_list("pk", flat=True)[:limit])


@dataclass
class SearchResult:
    ids: list[int]  # best first
    corrected: str = ""  # the words searched for instead of the visitor's typos


def search_ids(*, store, qs: QuerySet[Product], text: str, language: str | None) -> SearchResult:
    """The products of `qs` a visitor's search finds, best first. The words as typed first; when
    they find little, which is when a typo is likely, the words corrected against the store's
    vocabulary too (their matches after the exact ones)."""
    ids = _ranked_ids(qs, _text_query(text, language), MAX_MATCHES)
    if len(ids) >= TYPO_FALLBACK_BELOW:
        return SearchResult(ids)
    corrected = corrected_query(text, language, corrections(store_id=store.id, text=text))
    if corrected is None:
        return SearchResult(ids)
    query, shown = corrected
    more = _ranked_ids(qs.exclude(pk__any=ids), query, MAX_MATCHES - len(ids))
    return SearchResult(ids + more, corrected=shown if more else "")


# --- Store pages and the store API ----------------------------------------------------------------


def product_list(*, store, filters: dict[str, Any] | None = None, sort: str = "newest") -> QuerySet[Product]:
    """Products of the store for the back office: any status, with stock totals."""
    filters = filters or {}
    qs = Product.objects.filter(store_id=store.id).annotate(
        stock=Coalesce(Sum("variants__inventory__quantity"), 0),
        variant_count=Count("variants", distinct=True),
    )
    text = clean_query(filters.get("q"))
    if text:
        exact = (
            Q(sku__iexact=text)
            | Q(gtin=text)
            | Q(
                pk__in=Variant.objects.filter(store_id=store.id)
                .filter(Q(barcode=text) | Q(sku__iexact=text))
                .values("product_id")
            )
        )
        condition = Q(search_vector=_text_query(text, get_language())) | exact
        corrected = corrected_query(text, get_language(), corrections(store_id=store.id, text=text))
        if corrected is not None:
            condition |= Q(search_vector=corrected[0])
        qs = qs.filter(condition)
    if filters.get("status") in Product.Status.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("category"):
        qs = qs.filter(categories__pk=_int(filters["category"]))
    if filters.get("brand"):
        qs = qs.filter(brand=str(filters["brand"]).replace("\x00", "")[:120])
    if filters.get("stock") == "out":
        qs = qs.filter(stock__lte=0)
    elif filters.get("stock") == "low":
        # a subquery, not a join: a join would multiply the stock sums above
        qs = qs.filter(
            Exists(
                InventoryItem.objects.filter(
                    variant__product=OuterRef("pk"), quantity__lte=F("reserved") + F("low_stock_threshold")
                )
            )
        )
    order = _order(STORE_SORTS.get(sort, STORE_SORTS["newest"]))
    return qs.order_by(*order).prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")
    )


def product_get(*, store, product_id) -> Product:
    product = (
        Product.objects.filter(store_id=store.id, pk=_int(product_id))
        .prefetch_related(
            "categories",
            Prefetch(
                "variants", queryset=Variant.objects.select_related("inventory").prefetch_related("option_values")
            ),
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
        )
        .first()
    )
    if product is None:
        raise NotFound(_("No such product in this store."))
    return product


def variant_lookup(*, store, code: str) -> Variant:
    """A variant by SKU or barcode (the till's scanner)."""
    code = (code or "").strip()
    variant = (
        Variant.objects.filter(store_id=store.id)
        .filter(Q(sku__iexact=code) | Q(barcode=code))
        .select_related("product", "inventory")
        .first()
    )
    if not code or variant is None:
        raise NotFound(_("No product with this SKU or barcode."))
    return variant


def brand_list(*, store) -> list[str]:
    return list(
        Product.objects.filter(store_id=store.id)
        .exclude(brand="")
        .values_list("brand", flat=True)
        .distinct()
        .order_by("brand")
    )


def option_type_list(*, store) -> list[OptionType]:
    """The store's option types in order, each with its values."""
    return list(OptionType.objects.filter(store_id=store.id).prefetch_related("values").order_by("position", "id"))


def option_type_get(*, store, option_type_id) -> OptionType:
    """One option type of the store with its values."""
    option_type = (
        OptionType.objects.filter(store_id=store.id, pk=_int(option_type_id)).prefetch_related("values").first()
    )
    if option_type is None:
        raise NotFound(_("No such option in this store."))
    return option_type


def category_list(*, store) -> list[Category]:
    return list(Category.objects.filter(store_id=store.id).order_by("position", "id"))


def category_tree(*, store, active_only: bool = False) -> list[tuple[Category, int]]:
    """Categories in display order with their depth: [(category, depth), ...]."""
    categories = [c for c in category_list(store=store) if c.is_active or not active_only]
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    ids = {c.pk for c in categories}
    result: list[tuple[Category, int]] = []

    def walk(parent_id, depth):
        for category in children.get(parent_id, []):
            result.append((category, depth))
            walk(category.pk, depth + 1)

    walk(None, 0)
    # children of hidden parents (active_only) are not shown either
    return [(c, d) for c, d in result if c.parent_id is None or c.parent_id in ids]


def category_get(*, store, category_id=None, slug: str | None = None, active_only: bool = False) -> Category:
    qs = Category.objects.filter(store_id=store.id)
    if active_only:
        qs = qs.filter(is_active=True)
    category = qs.filter(slug=slug).first() if slug is not None else qs.filter(pk=_int(category_id)).first()
    if category is None:
        raise NotFound(_("No such category."))
    return category


def inventory_list(*, store, low_only: bool = False, q: str = "") -> QuerySet[InventoryItem]:
    qs = InventoryItem.objects.filter(variant__store_id=store.id).select_related("variant__product")
    if low_only:
        qs = qs.filter(quantity__lte=F("reserved") + F("low_stock_threshold"))
    q = clean_query(q)
    if q:
        qs = qs.filter(Q(variant__sku__icontains=q) | Q(variant__barcode=q) | Q(variant__product__title__icontains=q))
    return qs.order_by("variant__product__title", "variant__position", "variant_id")


def movement_list(*, store, variant_id: int | None = None, limit: int = 50) -> QuerySet[StockMovement]:
    qs = StockMovement.objects.filter(item__variant__store_id=store.id).select_related("item__variant")
    if variant_id:
        qs = qs.filter(item__variant_id=variant_id)
    return qs.order_by("-created_at", "-id")[:limit]


# --- Storefront -----------------------------------------------------------------------------------


@dataclass
class Facets:
    categories: list[dict] = field(default_factory=list)
    brands: list[dict] = field(default_factory=list)
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    in_stock: int = 0
    total: int = 0  # products of the search or category before the visitor's filters


class Results:
    """The products a listing pages through, as Django's and DRF's paginators take them: the
    count comes without a query when it is known (from the facets, or the number of search
    matches), and a slice loads only the products it shows. With `ids`, products keep the order
    of the ids (search relevance) and are loaded by primary key."""

    def __init__(self, queryset: QuerySet[Product], *, count: int | None = None, ids: list[int] | None = None):
        self.queryset = queryset
        self.ids = ids
        self._count = len(ids) if ids is not None else count

    def count(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        if self.ids is None:
            return list(self.queryset[index])
        chunk = self.ids[index]
        found = {product.pk: product for product in self.queryset.filter(pk__any=chunk)}
        return [found[pk] for pk in chunk if pk in found]

    def __iter__(self):
        return iter(self[0 : self.count()])


@dataclass
class Listing:
    products: Results
    facets: Facets
    filters: dict[str, Any]
    sort: str
    corrected: str = ""  # what was searched for instead of a visitor's typos


def visible_products(*, store) -> QuerySet[Product]:
    return Product.objects.filter(store_id=store.id, status=Product.Status.ACTIVE)


# What a product card never shows: long texts in every language and the search document.
_NOT_ON_CARDS = (
    "search_vector",
    *(
        f"{name}{suffix}"
        for name in ("description", "seo_title", "seo_description")
        for suffix in ("", *_LANGUAGE_SUFFIXES)
    ),
)


def _cards(qs: QuerySet[Product]) -> QuerySet[Product]:
    """Products as listings show them: card fields, in-stock flag and the main image."""
    return (
        qs.defer(*_NOT_ON_CARDS)
        .annotate(in_stock=_in_stock_flag())
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")
        )
    )


def _decimal(value) -> Decimal | None:
    try:
        result = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return result if result.is_finite() and 0 <= result < Decimal("10000000000") else None


def _int(value) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


def storefront_listing(
    *, store, params: dict[str, Any], category: Category | None = None, tree: list[tuple[Category, int]] | None = None
) -> Listing:
    """Active products with search, filters, facets and sorting. Unknown filter values are
    ignored rather than refused, as a shop visitor expects.

    A search runs once: its ranked ids then stand for it in the facets, the count and the page,
    which look products up by primary key. Facets (and with them the count before any filter) are
    cached per search and category, so paging, sorting and filtering a listing costs the page's
    own query and, when a filter narrows it, one count. `tree` is the store's visible category
    tree, when the caller has it already."""
    language = get_language()
    base = visible_products(store=store)
    text = clean_query(params.get("q"))
    if tree is None and (category is not None or params.get("category")):
        tree = category_tree(store=store, active_only=True)
    if category is not None:
        base = base.filter(pk__in=_in_categories(_descendant_ids(tree, category)))
    found = search_ids(store=store, qs=base, text=text, language=language) if text else None
    if found is not None:
        base = visible_products(store=store).filter(pk__any=found.ids)

    filtered, applied = _filtered(qs=base, params=params, tree=tree or [])
    applied = {"q": text, **applied}
    narrowed = len(applied) > 1
    sort = str(params.get("sort") or ("relevance" if text else "newest"))
    if sort not in SORTS or (sort == "relevance" and not text):
        sort = "relevance" if text else "newest"

    facets = _facets(store=store, base=base, key=(language, text, category.pk if category else None))
    products = _cards(filtered)
    if found is not None and sort == "relevance":
        ids = found.ids
        if narrowed:
            kept = set(filtered.order_by().values_list("pk", flat=True))
            ids = [pk for pk in ids if pk in kept]
        results = Results(products, ids=ids)
    else:
        results = Results(products.order_by(*_order(SORTS[sort])), count=None if narrowed else facets.total)
    return Listing(
        products=results, facets=facets, filters=applied, sort=sort, corrected=found.corrected if found else ""
    )


def _filtered(
    *, qs: QuerySet[Product], params: dict[str, Any], tree: list[tuple[Category, int]]
) -> tuple[QuerySet[Product], dict[str, Any]]:
    """The visitor's filters (category, brand, price range, in stock) that make sense, applied."""
    applied: dict[str, Any] = {}
    if params.get("category"):
        slug = str(params["category"])
        chosen = next((c for c, _depth in tree if c.slug == slug), None)
        if chosen:
            qs = qs.filter(pk__in=_in_categories(_descendant_ids(tree, chosen)))
            applied["category"] = chosen.slug
    brand = str(params.get("brand") or "").replace("\x00", "")[:120]
    if brand:
        qs = qs.filter(brand=brand)
        applied["brand"] = brand
    low, high = _decimal(params.get("min_price")), _decimal(params.get("max_price"))
    if low is not None:
        qs = qs.filter(price_min__gte=low)
        applied["min_price"] = low
    if high is not None:
        qs = qs.filter(price_min__lte=high)
        applied["max_price"] = high
    if str(params.get("in_stock")) in ("1", "true", "on"):
        qs = qs.filter(_in_stock())
        applied["in_stock"] = True
    return qs, applied


FACET_CACHE_SECONDS = 600
FACET_BRANDS = 30


def _facets(*, store, base: QuerySet[Product], key: tuple) -> Facets:
    """Facet counts depend on the search and category only (not on page, sort or the filters a
    visitor applies), so they are cached per catalog version for every page of one listing. Two
    queries: brands with the price range, in-stock and total counts (GROUPING SETS), and the
    categories."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    cache_key = f"catalog:facets:{store.id}:{catalog_version(store.id)}:{digest}"
    facets = cache.get(cache_key)
    if facets is not None:
        return facets
    facets = Facets()
    facet_base = base.order_by()
    sql, params = facet_base.values("brand", "price_min", "price_max", "available").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT GROUPING(brand), brand, count(*), min(price_min), max(price_max), "  # noqa: S608
            "count(*) FILTER (WHERE available > 0) "
            f"FROM ({sql}) AS listing GROUP BY GROUPING SETS ((brand), ())",
            params,
        )
        brands = []
        for is_total, brand, count, low, high, in_stock in cursor.fetchall():
            if is_total:
                facets.total, facets.price_min, facets.price_max, facets.in_stock = count, low, high, in_stock
            elif brand:
                brands.append({"brand": brand, "count": count})
    # the most common brands, shown by name
    brands.sort(key=lambda b: (-b["count"], b["brand"]))
    facets.brands = sorted(brands[:FACET_BRANDS], key=lambda b: b["brand"])
    facets.categories = list(
        Category.objects.filter(store_id=store.id, is_active=True, products__in=facet_base.values("pk"))
        .values("pk", "slug", "name")
        .annotate(count=Count("products"))  # one row per product and category: no DISTINCT needed
        .order_by("position", "pk")[:30]
    )
    cache.set(cache_key, facets, FACET_CACHE_SECONDS)
    return facets


def _in_categories(category_ids: list[int]) -> QuerySet:
    """Products in any of these categories, as a subquery (a join would need DISTINCT over every
    column, and repeat each product once per matching category)."""
    return Product.categories.through.objects.filter(category_id__in=category_ids).values("product_id")


def _descendant_ids(tree: list[tuple[Category, int]], category: Category) -> list[int]:
    ids, wanted = [], {category.pk}
    for node, _depth in tree:
        if node.pk in wanted or node.parent_id in wanted:
            wanted.add(node.pk)
            ids.append(node.pk)
    return ids or [category.pk]


def storefront_home(*, store, limit: int = 8) -> dict[str, list[Product]]:
    visible = _cards(visible_products(store=store))
    return {
        "featured": list(visible.filter(is_featured=True).order_by("-published_at", "-id")[:limit]),
        "newest": list(visible.order_by("-published_at", "-id")[:limit]),
    }


def storefront_product(*, store, slug: str) -> Product:
    product = (
        visible_products(store=store)
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("categories", queryset=Category.objects.filter(is_active=True)),
            Prefetch(
                "variants",
                queryset=Variant.objects.select_related("inventory").prefetch_related("option_values__option_type"),
            ),
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
        )
        .first()
    )
    if product is None:
        raise NotFound(_("This product is not available."))
    return product


def sitemap_entries(*, store, limit: int, first_id: int = 0, last_id: int | None = None) -> list[dict[str, Any]]:
    """Id, slug and last change of the store's active products, in id order, from `first_id` to
    `last_id`: a sitemap page reads its chunk as an id range (keyset), never by OFFSET."""
    products = visible_products(store=store).filter(id__gte=first_id)
    if last_id is not None:
        products = products.filter(id__lte=last_id)
    return list(products.order_by("id").values("id", "slug", "updated_at")[:limit])


def sitemap_chunks(*, store, size: int) -> list[dict[str, Any]]:
    """The store's active products cut, in id order, into chunks of at most `size`: each chunk's
    first and last id, its number of products and its latest change. One pass numbers the rows
    (a window function, which the ORM cannot group by), so a sitemap page can later read its
    chunk by id range instead of skipping rows."""
    products = visible_products(store=store).order_by().values("id", "updated_at")
    inner, params = products.query.sql_with_params()  # Django's own SQL; the values stay parameters
    numbered = f"SELECT id, updated_at, (row_number() OVER (ORDER BY id) - 1) / %s AS chunk FROM ({inner}) AS p"  # noqa: S608
    sql = f"SELECT min(id), max(id), count(*), max(updated_at) FROM ({numbered}) AS n GROUP BY chunk ORDER BY chunk"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [size, *params])
        rows = cursor.fetchall()
    return [{"first_id": a, "last_id": b, "count": n, "lastmod": lastmod} for a, b, n, lastmod in rows]
