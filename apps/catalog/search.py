"""Full-text search of products: one tsvector per product holding every language, each text
stemmed by its own language's configuration with accents removed; titles weigh more than
descriptions. Queries use the visitor's language plus an accent-free 'simple' pass. Typos are
corrected against a vocabulary of the store's title and brand words (SearchTerm) by trigram
similarity, and the corrected words searched for as well. A correction is a typo's fix only: a
known word more than a couple of keystrokes away ("phone" for "xylophone") means something else
and is not offered."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection

TERM_MIN_LENGTH = 3
TERM_MAX_LENGTH = 40
ALTERNATIVES_PER_WORD = 3
CANDIDATES_PER_WORD = 10  # trigram neighbours looked at per word, before the typo distance sorts them out
MAX_CORRECTED_WORDS = 8
_WORD = re.compile(r"[^\W_]+")  # letters and digits, as [[:alnum:]] in SQL

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


def _words_sql() -> str:
    """The words of a product's titles and brand, lower case without accents (see SearchTerm)."""
    titles = ", ".join(f"p.title_{code}" for code, _name in settings.LANGUAGES)
    return f"regexp_split_to_table(lower(public.unaccent(concat_ws(' ', {titles}, p.brand))), '[^[:alnum:]]+')"


def product_search_refresh(*, product_ids) -> None:
    """Recompute the search document of these products and add their words to the store's
    vocabulary. Words go in sorted, so that transactions adding the same words wait for each
    other in the same order instead of deadlocking."""
    ids = list(product_ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE catalog_product p SET search_vector = {_document_sql()} WHERE p.id = ANY(%s::bigint[])",  # noqa: S608
            [ids],
        )
        cursor.execute(
            "INSERT INTO catalog_searchterm (store_id, term) "  # noqa: S608
            f"SELECT DISTINCT p.store_id, w FROM catalog_product p CROSS JOIN LATERAL {_words_sql()} AS w "
            f"WHERE p.id = ANY(%s::bigint[]) AND length(w) BETWEEN {TERM_MIN_LENGTH} AND {TERM_MAX_LENGTH} "
            "AND w !~ '[[:digit:]]' ORDER BY 1, 2 ON CONFLICT DO NOTHING",
            [ids],
        )


def _folded_words(text: str) -> list[str]:
    """The words of a visitor's search as the vocabulary holds them ("Crème" -> "creme")."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return list(dict.fromkeys(_WORD.findall(folded)))


def _correctable(word: str) -> bool:
    return TERM_MIN_LENGTH <= len(word) <= TERM_MAX_LENGTH and not any(c.isdigit() for c in word)


def typo_distance(a: str, b: str) -> int:
    """Keystrokes from one word to the other: letters added, dropped, changed or swapped with
    their neighbour (optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def typos_allowed(word: str) -> int:
    """How many keystrokes a typo of `word` may be off: one in a short word, up to three in a
    long one."""
    return 1 if len(word) <= 4 else 2 if len(word) <= 8 else 3


def corrections(*, store_id: int, text: str) -> dict[str, list[str]]:
    """For each word of `text` the store's vocabulary does not hold, the closest words it does
    (trigram similarity, best first) that are a typo away from it. Known words, numbers and short
    words are left out."""
    words = [w for w in _folded_words(text) if _correctable(w)][:MAX_CORRECTED_WORDS]
    if not words:
        return {}
    found: dict[str, list[str]] = {w: [] for w in words}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT q.word, t.term FROM unnest(%s::text[]) AS q(word) CROSS JOIN LATERAL ("
            "  SELECT term FROM catalog_searchterm WHERE store_id = %s AND term %% q.word"
            "  ORDER BY similarity(term, q.word) DESC, term LIMIT %s"
            ") AS t",
            [words, store_id, CANDIDATES_PER_WORD],
        )
        for word, term in cursor.fetchall():
            if typo_distance(word, term) <= typos_allowed(word) and len(found[word]) < ALTERNATIVES_PER_WORD:
                found[word].append(term)
    return {word: terms for word, terms in found.items() if word not in terms}


def corrected_query(text: str, language: str | None, fixes: dict[str, list[str]]) -> tuple[SearchQuery, str] | None:
    """The visitor's words with each unknown one widened to its closest known words
    ("wireles mouse" -> (wireles | wireless | wireline) & mouse), and the text to show as what was
    searched for ("wireless mouse"); None when there is nothing to correct."""
    fixes = {word: terms for word, terms in fixes.items() if terms}
    if not fixes:
        return None
    query = None
    shown = []
    for word in _folded_words(text):
        group = None
        for alternative in [word, *fixes.get(word, [])]:
            for config in dict.fromkeys((config_for(language), LANGUAGE_CONFIG["lb"])):
                part = SearchQuery(alternative, config=config, search_type="plain")
                group = part if group is None else group | part
        query = group if query is None else query & group
        shown.append(fixes[word][0] if word in fixes else word)
    return query, " ".join(shown)
