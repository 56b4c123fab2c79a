"""Full-text search of products: one tsvector per product holding every language, each text
stemmed by its own language's configuration with accents removed; titles weigh more than
descriptions. Queries use the visitor's language plus an accent-free 'simple' pass, and fall back
to trigram similarity on titles for typos."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

LANGUAGE_CONFIG = {
    "en": "public.search_en",
    "fr": "public.search_fr",
    "de": "public.search_de",
    "lb": "public.search_lb",
}


def config_for(language: str | None) -> str:
    return LANGUAGE_CONFIG.get((language or "en")[:2], "public.search_en")


def _document_sql() -> str:
    parts = []
    for code, _name in settings.LANGUAGES:
        cfg = config_for(code)
        parts.append(f"setweight(to_tsvector('{cfg}', coalesce(p.title_{code}, '')), 'A')")
        parts.append(f"setweight(to_tsvector('{cfg}', coalesce(p.description_{code}, '')), 'C')")
    parts.append(
        "setweight(to_tsvector('public.search_lb', coalesce(p.brand, '') || ' ' || p.sku || ' ' || p.gtin), 'B')"
    )
    return " || ".join(parts)


def _text_sql() -> str:
    titles = " || ' ' || ".join(f"coalesce(p.title_{code}, '')" for code, _name in settings.LANGUAGES)
    return f"lower(public.unaccent({titles} || ' ' || p.brand || ' ' || p.sku))"


def product_search_refresh(*, product_ids) -> None:
    """Recompute the search document of these products (one statement)."""
    ids = list(product_ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE catalog_product p SET search_vector = {_document_sql()}, search_text = {_text_sql()} "  # noqa: S608
            "WHERE p.id = ANY(%s)",
            [ids],
        )
