"""Reads of the catalog. Every function takes the store and looks only inside it."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.core.errors import NotFound

from .cache import catalog_version
from .models import Category, InventoryItem, Product, ProductImage, StockMovement, Variant
from .search import config_for

MAX_QUERY_LENGTH = 200
SORTS = {
    "newest": ("-published_at", "-id"),
    "price_asc": ("price", "id"),
    "price_desc": ("-price", "-id"),
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


def clean_query(text: str | None) -> str:
    """User search text, trimmed. Operators need no escaping: websearch_to_tsquery and trigram
    matching read any input as words."""
    text = (text or "").replace("\x00", " ")  # PostgreSQL text cannot hold NUL
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _in_stock() -> Q:
    return Q(available__gt=0)


def _in_stock_flag() -> ExpressionWrapper:
    return ExpressionWrapper(_in_stock(), output_field=BooleanField())


def _fold(text: str) -> str:
    """Lower case without accents, as search_text is stored ("Crème" -> "creme")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


MAX_MATCHES = 5000


TYPO_FALLBACK_BELOW = 10


def _text_query(text: str, language: str | None) -> SearchQuery:
    """The visitor's words, stemmed in their language, or matched as they are (accents aside)."""
    return SearchQuery(text, config=config_for(language), search_type="websearch") | SearchQuery(
        text, config="public.search_lb", search_type="websearch"
    )


def _matching_ids(qs: QuerySet[Product], text: str, language: str | None) -> tuple[list[int], bool]:
    """Ids of products matching a visitor's search. Full text first (its index answers in a few
    milliseconds); trigram similarity, whose index scan costs far more on big catalogs, only when
    the words found little, which is when a typo is likely."""
    query = _text_query(text, language)
    ids = list(qs.filter(search_vector=query).order_by().values_list("pk", flat=True)[:MAX_MATCHES])
    if len(ids) >= TYPO_FALLBACK_BELOW:
        return ids, False
    similar = qs.filter(search_text__trigram_word_similar=_fold(text)).exclude(pk__in=ids)
    ids += list(similar.order_by().values_list("pk", flat=True)[: MAX_MATCHES - len(ids)])
    return ids, True


def _ranked(qs: QuerySet[Product], text: str, language: str | None, *, typos: bool = True) -> QuerySet[Product]:
    """Relevance: full-text rank, then (only when trigram matching was needed) similarity."""
    query = _text_query(text, language)
    similarity = TrigramWordSimilarity(_fold(text), "search_text") if typos else Value(0.0, FloatField())
    return qs.annotate(rank=SearchRank(F("search_vector"), query), similarity=similarity)


def _search(qs: QuerySet[Product], text: str, language: str | None, also: Q | None = None) -> QuerySet[Product]:
    """Full text in the visitor's language and accent-free, or trigram similarity for typos;
    `also` adds exact matches (SKU, barcode) for the back office."""
    query = _text_query(text, language)
    folded = _fold(text)
    condition = Q(search_vector=query) | Q(search_text__trigram_word_similar=folded)
    if also is not None:
        condition |= also
    return qs.filter(condition).annotate(
        rank=SearchRank(F("search_vector"), query), similarity=TrigramWordSimilarity(folded, "search_text")
    )


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
        qs = _search(qs, text, get_language(), also=exact)
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
    order = STORE_SORTS.get(sort, STORE_SORTS["newest"])
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


@dataclass
class Listing:
    products: QuerySet[Product]
    facets: Facets
    filters: dict[str, Any]
    sort: str


def visible_products(*, store) -> QuerySet[Product]:
    return Product.objects.filter(store_id=store.id, status=Product.Status.ACTIVE)


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


def storefront_listing(*, store, params: dict[str, Any], category: Category | None = None) -> Listing:
    """Active products with search, filters, facets and sorting. Unknown filter values are
    ignored rather than refused, as a shop visitor expects."""
    base = visible_products(store=store)
    text = clean_query(params.get("q"))
    if category is not None:
        base = base.filter(pk__in=_in_categories(_descendant_ids(store=store, category=category)))
    if text:
        # Run the search once and keep the matching ids: facets, counts and the page then look
        # products up by primary key instead of testing the search condition again each time.
        matched, typos = _matching_ids(base, text, get_language())
        base = _ranked(visible_products(store=store).filter(pk__in=matched), text, get_language(), typos=typos)

    filtered = base
    applied: dict[str, Any] = {"q": text}
    if params.get("category") and category is None:
        slug = str(params["category"]).replace("\x00", "")[:140]
        chosen = Category.objects.filter(store_id=store.id, slug=slug, is_active=True).first()
        if chosen:
            filtered = filtered.filter(pk__in=_in_categories(_descendant_ids(store=store, category=chosen)))
            applied["category"] = chosen.slug
    brand = str(params.get("brand") or "").replace("\x00", "")[:120]
    if brand:
        filtered = filtered.filter(brand=brand)
        applied["brand"] = brand
    low, high = _decimal(params.get("min_price")), _decimal(params.get("max_price"))
    if low is not None:
        filtered = filtered.filter(price__gte=low)
        applied["min_price"] = low
    if high is not None:
        filtered = filtered.filter(price__lte=high)
        applied["max_price"] = high
    if str(params.get("in_stock")) in ("1", "true", "on"):
        filtered = filtered.filter(_in_stock())
        applied["in_stock"] = True

    sort = str(params.get("sort") or ("relevance" if text else "newest"))
    if sort not in SORTS or (sort == "relevance" and not text):
        sort = "relevance" if text else "newest"
    if sort == "relevance":
        filtered = filtered.order_by("-rank", "-similarity", "-id")
    else:
        filtered = filtered.order_by(*SORTS[sort])

    facets = _facets(store=store, base=base, key=(get_language(), text, category.pk if category else None))
    products = filtered.annotate(in_stock=_in_stock_flag()).prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")
    )
    return Listing(products=products, facets=facets, filters=applied, sort=sort)


FACET_CACHE_SECONDS = 600


def _facets(*, store, base: QuerySet[Product], key: tuple) -> Facets:
    """Facet counts depend on the search and category only (not on page, sort or the filters a
    visitor applies), so they are cached per catalog version for every page of one listing."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    cache_key = f"catalog:facets:{store.id}:{catalog_version(store.id)}:{digest}"
    facets = cache.get(cache_key)
    if facets is not None:
        return facets
    facets = Facets()
    facet_base = base.order_by()
    facets.brands = list(
        facet_base.exclude(brand="").values("brand").annotate(count=Count("id", distinct=True)).order_by("brand")[:30]
    )
    facets.categories = list(
        Category.objects.filter(store_id=store.id, is_active=True, products__in=facet_base.values("pk"))
        .values("pk", "slug", "name")
        .annotate(count=Count("products", distinct=True))
        .order_by("position", "pk")[:30]
    )
    # One pass for the price range and the in-stock count. The count also keeps PostgreSQL from
    # answering MIN/MAX by walking the price index and testing every row against the search.
    bounds = facet_base.aggregate(low=Min("price"), high=Max("price"), in_stock=Count("pk", filter=_in_stock()))
    facets.price_min, facets.price_max, facets.in_stock = bounds["low"], bounds["high"], bounds["in_stock"]
    cache.set(cache_key, facets, FACET_CACHE_SECONDS)
    return facets


def _in_categories(category_ids: list[int]) -> QuerySet:
    """Products in any of these categories, as a subquery (a join would need DISTINCT over every
    column, and repeat each product once per matching category)."""
    return Product.categories.through.objects.filter(category_id__in=category_ids).values("product_id")


def _descendant_ids(*, store, category: Category) -> list[int]:
    tree = category_tree(store=store, active_only=True)
    ids, wanted = [], {category.pk}
    for node, _depth in tree:
        if node.pk in wanted or node.parent_id in wanted:
            wanted.add(node.pk)
            ids.append(node.pk)
    return ids or [category.pk]


def storefront_home(*, store, limit: int = 8) -> dict[str, list[Product]]:
    visible = (
        visible_products(store=store)
        .annotate(in_stock=_in_stock_flag())
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")
        )
    )
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


def sitemap_entries(*, store) -> dict[str, list]:
    return {
        "products": list(visible_products(store=store).values("slug", "updated_at").order_by("id")[:45000]),
        "categories": list(Category.objects.filter(store_id=store.id, is_active=True).values("slug", "updated_at")),
    }
