"""Reads of the staging area for the store pages and the store API: the browse list with its search,
filters, facets and ordering, one staging product, and the category mappings.

Fast with 50,000 staging rows in a store: the filters have indexes beginning with the store
(models + migration 0002_curate_indexes), the search uses the trigram index on `search_text`,
and the list's count stops at COUNT_CAP (StagingPaginator)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.core.numbers import NotANumber, parse_decimal, parse_integer

from ..cache import staging_cached
from ..models import CategoryMapping, FeedImport, StagingProduct

COUNT_CAP = 10_000
FACET_LIMIT = 30
MAX_QUERY = 200
STAGING_SORTS = {
    "feed_id": ("feed_id",),
    "price_asc": ("price", "feed_id"),
    "price_desc": ("-price", "-feed_id"),
    "brand": ("brand", "feed_id"),
    "changed": ("-changed_at", "feed_id"),
    "newest": ("-created_at", "-id"),
}
YES, NO = "yes", "no"


@dataclass(frozen=True)
class StagingFilters:
    """What the browse list is narrowed to; every field optional. Built from query parameters by
    staging_filters_parse (unknown or malformed values are dropped, never an error)."""

    q: str = ""
    brand: str = ""
    category: str = ""  # the feed category (product_type)
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    availability: str = ""
    selected: str = ""  # yes / no
    published: str = ""  # yes / no
    state: str = ""  # new / changed / unchanged / gone
    changed: bool = False  # new or changed in the last import
    ids: tuple[int, ...] | None = None

    def as_params(self) -> dict[str, str]:
        """The filters as query parameters (to keep them in URLs and in a job's parameters)."""
        params = {
            "q": self.q,
            "brand": self.brand,
            "category": self.category,
            "price_min": "" if self.price_min is None else str(self.price_min),
            "price_max": "" if self.price_max is None else str(self.price_max),
            "availability": self.availability,
            "selected": self.selected,
            "published": self.published,
            "state": self.state,
            "changed": "1" if self.changed else "",
        }
        return {key: value for key, value in params.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.as_params())


def _price(value: Any) -> Decimal | None:
    try:
        number = parse_decimal(value, comma=True)
    except NotANumber:
        return None
    return number if Decimal(0) <= number < Decimal("10000000000") else None


def _choice(value: Any, choices: Any) -> str:
    return value if isinstance(value, str) and value in choices else ""


def _text(value: Any, length: int = MAX_QUERY) -> str:
    text = value if isinstance(value, str) else ""
    return " ".join(text.replace("\x00", " ").split())[:length]


def staging_filters_parse(params: Mapping[str, Any] | None) -> StagingFilters:
    """Filters from query parameters (a QueryDict, a dict or a job's saved parameters)."""
    params = params or {}
    return StagingFilters(
        q=_text(params.get("q")),
        brand=_text(params.get("brand"), 120),
        category=_text(params.get("category"), 750),
        price_min=_price(params.get("price_min")),
        price_max=_price(params.get("price_max")),
        availability=_choice(params.get("availability"), StagingProduct.Availability.values),
        selected=_choice(params.get("selected"), (YES, NO)),
        published=_choice(params.get("published"), (YES, NO)),
        state=_choice(params.get("state"), StagingProduct.State.values),
        changed=params.get("changed") in ("1", "true", "yes", True),
    )


def _ids(values: Any) -> tuple[int, ...]:
    ids = []
    for value in values if isinstance(values, list | tuple) else []:
        try:
            ids.append(parse_integer(value))
        except NotANumber:
            continue
    return tuple(dict.fromkeys(pk for pk in ids if 0 < pk < 2**63))


def staging_ids_parse(values: Any) -> tuple[int, ...]:
    """Staging product ids as sent (a list of numbers or digit strings); anything else dropped."""
    return _ids(values)


def _yes_no(queryset: QuerySet, value: str, condition: Q) -> QuerySet:
    if value == YES:
        return queryset.filter(condition)
    if value == NO:
        return queryset.exclude(condition)
    return queryset


def staging_search(queryset: QuerySet[StagingProduct], text: str) -> QuerySet[StagingProduct]:
    """Staging products whose title, brand, ids or feed category hold `text` (any case): one
    condition the trigram index on search_text serves."""
    text = _text(text).lower()
    if not text:
        return queryset
    return queryset.filter(search_text__contains=text)


def _filtered(store, filters: StagingFilters, *, skip: str = "") -> QuerySet[StagingProduct]:
    queryset = StagingProduct.objects.filter(store_id=store.id)
    queryset = staging_search(queryset, filters.q)
    plain = {"brand": filters.brand, "product_type": filters.category, "availability": filters.availability}
    for name, value in plain.items():
        if value and name != skip:
            queryset = queryset.filter(**{name: value})
    if filters.price_min is not None:
        queryset = queryset.filter(price__gte=filters.price_min)
    if filters.price_max is not None:
        queryset = queryset.filter(price__lte=filters.price_max)
    queryset = _yes_no(queryset, filters.selected, Q(is_selected=True))
    queryset = _yes_no(queryset, filters.published, Q(product_id__isnull=False))
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.changed:
        queryset = queryset.filter(state__in=[StagingProduct.State.NEW, StagingProduct.State.CHANGED])
    if filters.ids is not None:
        queryset = queryset.filter(pk__in=list(filters.ids))
    return queryset


def staging_list(*, store, filters: StagingFilters | None = None, sort: str = "feed_id") -> QuerySet[StagingProduct]:
    """The store's staging products matching `filters`, in the order `sort` names (STAGING_SORTS)."""
    order = STAGING_SORTS.get(sort, STAGING_SORTS["feed_id"])
    return _filtered(store, filters or StagingFilters()).order_by(*order)


def staging_matching_ids(*, store, filters: StagingFilters) -> QuerySet:
    """The ids of the staging products `filters` match (a subquery for one UPDATE or a job)."""
    return _filtered(store, filters).order_by("pk").values_list("pk", flat=True)


@dataclass
class StagingFacets:
    """How many staging products of each brand and feed category match the other filters."""

    brands: list[tuple[str, int]] = field(default_factory=list)
    categories: list[tuple[str, int]] = field(default_factory=list)


def _facet(store, filters: StagingFilters, column: str) -> list[tuple[str, int]]:
    skip = "brand" if column == "brand" else "product_type"
    rows = (
        _filtered(store, filters, skip=skip)
        .exclude(**{column: ""})
        .values(column)
        .annotate(n=Count("*"))
        .order_by("-n", column)[:FACET_LIMIT]
    )
    return [(row[column], row["n"]) for row in rows]


def staging_facets(*, store, filters: StagingFilters | None = None) -> StagingFacets:
    """The brands and feed categories of the matching staging products with their counts (each
    counted under the other filters, so choosing a brand still lists the others), biggest first."""
    filters = filters or StagingFilters()
    params = {**filters.as_params(), "ids": list(filters.ids or [])}
    return staging_cached(
        store.id,
        "facets",
        params,
        lambda: StagingFacets(
            brands=_facet(store, filters, "brand"), categories=_facet(store, filters, "product_type")
        ),
    )


def staging_get(*, store, staging_id: int | str) -> StagingProduct:
    """One staging product of the store; another store's (or no such) id is NotFound."""
    try:
        pk = parse_integer(str(staging_id))
    except NotANumber:
        pk = 0
    product = StagingProduct.objects.filter(store_id=store.id, pk=pk).first() if 0 < pk < 2**63 else None
    if product is None:
        raise NotFound(_("No such product in this store's feed."))
    return product


def staging_group(*, store, item_group_id: str) -> list[StagingProduct]:
    """The staging products of one feed group, in feed id order."""
    return list(StagingProduct.objects.filter(store_id=store.id, item_group_id=item_group_id).order_by("feed_id"))


def staging_counts(*, store) -> dict[str, int]:
    """How many staging products the store has, selected, and published (one query)."""
    return StagingProduct.objects.filter(store_id=store.id).aggregate(
        total=Count("pk"),
        selected=Count("pk", filter=Q(is_selected=True)),
        published=Count("pk", filter=Q(product_id__isnull=False)),
    )


def last_import(*, store) -> FeedImport | None:
    """The store's last finished feed import."""
    return FeedImport.objects.filter(store_id=store.id, status=FeedImport.Status.DONE).order_by("-created_at").first()


def category_mapping_list(*, store) -> list[CategoryMapping]:
    return list(CategoryMapping.objects.filter(store_id=store.id).order_by("feed_category"))


def feed_category_list(*, store) -> list[tuple[str, int]]:
    """Every feed category of the store's staging products with its count, by name."""
    rows = (
        StagingProduct.objects.filter(store_id=store.id)
        .exclude(product_type="")
        .values("product_type")
        .annotate(n=Count("pk"))
        .order_by("product_type")
    )
    return [(row["product_type"], row["n"]) for row in rows]


class StagingPaginator(Paginator):
    """Pages of the browse list without counting past COUNT_CAP (`capped` says when it stopped);
    with `store` and `filters`, the count is cached under the store's staging version."""

    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *, store=None, filters: StagingFilters | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.store, self.filters = store, filters

    def _count_now(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def _counted(self) -> int:
        if self.store is None or self.filters is None:
            return self._count_now()
        params = {**self.filters.as_params(), "ids": list(self.filters.ids or [])}
        return staging_cached(self.store.id, "count", params, self._count_now)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap
