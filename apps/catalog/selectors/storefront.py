"""Reads of the storefront: listings with search, filters and facets, the home page and the
product page. Only active products and visible categories."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.core.numbers import NotANumber, parse_decimal

from ..cache import catalog_version
from ..models import Category, Product, ProductImage, Variant
from ..pricing import MAX_PRICE
from ..search import corrected_query, corrections
from ..types import StoreRef
from ._common import LANGUAGES, category_tree, clean_query, ordering, text_query, visible_products

_LANGUAGE_SUFFIXES = tuple(f"_{code}" for code in LANGUAGES)
SORTS = {
    "newest": ("-published_at", "-id"),
    "price_asc": ("price_min", "id"),  # what the cheapest variant costs, as cards say "from"
    "price_desc": ("-price_min", "-id"),
    "title": ("title", "id"),
    "relevance": None,
}


def _in_stock() -> Q:
    return Q(available__gt=0)


def _in_stock_flag() -> ExpressionWrapper:
    return ExpressionWrapper(_in_stock(), output_field=BooleanField())


MAX_MATCHES = 5000
TYPO_FALLBACK_BELOW = 10


def _ranked_ids(qs: QuerySet[Product], query: SearchQuery, limit: int) -> list[int]:
    """Ids of the products matching `query`, best first (full-text rank, titles above texts)."""
    ranked = qs.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    return list(ranked.order_by("-rank", "-id").values_list("pk", flat=True)[:limit])


@dataclass
class SearchResult:
    ids: list[int]  # best first
    corrected: str = ""  # the words searched for instead of the visitor's typos
    corrected_only: bool = False  # the words as typed found nothing: every result is a correction's


def search_ids(*, store: StoreRef, qs: QuerySet[Product], text: str, language: str | None) -> SearchResult:
    """The products of `qs` a visitor's search finds, best first. The words as typed first; when
    they find little, which is when a typo is likely, the words corrected against the store's
    vocabulary too (their matches after the exact ones)."""
    ids = _ranked_ids(qs, text_query(text, language), MAX_MATCHES)
    if len(ids) >= TYPO_FALLBACK_BELOW:
        return SearchResult(ids)
    corrected = corrected_query(text, language, corrections(store_id=store.id, text=text))
    if corrected is None:
        return SearchResult(ids)
    query, shown = corrected
    more = _ranked_ids(qs.exclude(pk__any=ids), query, MAX_MATCHES - len(ids))
    return SearchResult(ids + more, corrected=shown if more else "", corrected_only=bool(more) and not ids)


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

    def __init__(self, queryset: QuerySet[Product], *, count: int | None = None, ids: list[int] | None = None) -> None:
        self.queryset = queryset
        self.ids = ids
        self._count = len(ids) if ids is not None else count

    def count(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: int | slice) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        if self.ids is None:
            return list(self.queryset[index])
        chunk = self.ids[index]
        found = {product.pk: product for product in self.queryset.filter(pk__any=chunk)}
        return [found[pk] for pk in chunk if pk in found]

    def __iter__(self) -> Iterator[Product]:
        return iter(self[0 : self.count()])


@dataclass
class Listing:
    products: Results
    facets: Facets
    filters: dict[str, Any]
    sort: str
    corrected: str = ""  # what was searched for instead of a visitor's typos
    corrected_only: bool = False  # nothing matched the words as typed; the results are the correction's


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


def _decimal(value: object) -> Decimal | None:
    """A price filter in plain notation ("." as the separator, as the API takes it), else None."""
    try:
        result = parse_decimal(value)
    except NotANumber:
        return None
    return result if 0 <= result <= MAX_PRICE else None


def storefront_listing(
    *,
    store: StoreRef,
    params: dict[str, Any],
    category: Category | None = None,
    tree: list[tuple[Category, int]] | None = None,
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
        results = Results(products.order_by(*ordering(SORTS[sort])), count=None if narrowed else facets.total)
    return Listing(
        products=results,
        facets=facets,
        filters=applied,
        sort=sort,
        corrected=found.corrected if found else "",
        corrected_only=found.corrected_only if found else False,
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


def _facets(*, store: StoreRef, base: QuerySet[Product], key: tuple) -> Facets:
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


def storefront_home(*, store: StoreRef, limit: int = 8) -> dict[str, list[Product]]:
    visible = _cards(visible_products(store=store))
    return {
        "featured": list(visible.filter(is_featured=True).order_by("-published_at", "-id")[:limit]),
        "newest": list(visible.order_by("-published_at", "-id")[:limit]),
    }


def storefront_product(*, store: StoreRef, slug: str) -> Product:
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
