"""Reads both audiences share: the category tree, what the storefront shows, search text and the
visitor's sort by title."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language

from apps.core.numbers import NotANumber, parse_integer

from ..models import Category, Product
from ..search import LANGUAGE_CONFIG, config_for
from ..types import StoreRef

MAX_QUERY_LENGTH = 200
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def _title_in_the_visitors_language() -> Lower:
    """The title a visitor reads, for sorting: their language's, else the first of the fallback
    languages that has one (as modeltranslation shows it), without regard to case."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    codes = [c for c in dict.fromkeys((language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES)) if c in LANGUAGES]
    return Lower(Coalesce(*(NullIf(F(f"title_{code}"), Value("")) for code in codes), output_field=CharField()))


def ordering(fields: tuple[str, ...]) -> tuple:
    return tuple(_title_in_the_visitors_language() if name == "title" else name for name in fields)


def clean_query(text: str | None) -> str:
    """User search text, trimmed. Operators need no escaping: websearch_to_tsquery and trigram
    matching read any input as words."""
    text = (text or "").replace("\x00", " ")  # PostgreSQL text cannot hold NUL
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def text_query(text: str, language: str | None) -> SearchQuery:
    """The visitor's words, stemmed in their language, or matched as they are (accents aside)."""
    return SearchQuery(text, config=config_for(language), search_type="websearch") | SearchQuery(
        text, config=LANGUAGE_CONFIG["lb"], search_type="websearch"
    )


def category_list(*, store: StoreRef) -> list[Category]:
    return list(Category.objects.filter(store_id=store.id).order_by("position", "id"))


def category_tree(*, store: StoreRef, active_only: bool = False) -> list[tuple[Category, int]]:
    """Categories in display order with their depth: [(category, depth), ...]."""
    categories = [c for c in category_list(store=store) if c.is_active or not active_only]
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    ids = {c.pk for c in categories}
    result: list[tuple[Category, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for category in children.get(parent_id, []):
            result.append((category, depth))
            walk(category.pk, depth + 1)

    walk(None, 0)
    # children of hidden parents (active_only) are not shown either
    return [(c, d) for c, d in result if c.parent_id is None or c.parent_id in ids]


def visible_products(*, store: StoreRef) -> QuerySet[Product]:
    return Product.objects.filter(store_id=store.id, status=Product.Status.ACTIVE)


def as_int(value: object) -> int:
    """An id as given (42 or "42"); 0, which no row has, for anything else ("abc", "١٢", "1_0")."""
    try:
        return parse_integer(value if isinstance(value, int) else str(value))
    except NotANumber:
        return 0
