"""Writing an import into the staging area with PostgreSQL COPY.

The checked rows go by COPY into a temporary table of the connection (feed_import_rows); one
INSERT ... ON CONFLICT then merges them into marketplace_stagingproduct: a new feed id is inserted
(state new), a known one gets this language's title and description merged into its JSON and its
feed values replaced, with the names of the feed fields that differ (changed_fields) and state
changed or unchanged. Products an earlier import of the same language brought and this file
lacks become state gone (never deleted). Rejected rows go by COPY straight into
marketplace_rejectedrow.

What counts as a change: every feed value, and the title and description of the import's
language once the product had that language. `link`, `image_link` and `color` are compared only
with values of the same language (feed_language: the language of the import that last wrote the
feed values), since Letzshop's feeds write them per language; adding a language is no change. A
product changed by one language's import stays changed through another language's import that
changes nothing (diff_language), so the nightly fr/de/en imports do not hide each other's changes.
content_hash is the sha256 of the imported row (the feed values and this language's texts); a row
whose hash, state and language are as before is not written at all, so a nightly re-import of an
unchanged feed costs little.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from .checks import ROW_FIELDS, Rejected

TEMP = "feed_import_rows"
PER_LANGUAGE = ("link", "image_link", "color")
COMPARED = (
    "item_group_id",
    "additional_image_links",
    "availability",
    "price",
    "sale_price",
    "currency",
    "brand",
    "gtin",
    "mpn",
    "condition",
    "size",
    "product_type",
    "google_product_category",
    "weight_grams",
)
TEMP_TABLE = f"""
CREATE TEMP TABLE IF NOT EXISTS {TEMP} (
    feed_id varchar(100) NOT NULL, item_group_id varchar(100) NOT NULL, title text NOT NULL,
    description text NOT NULL, link varchar(1000) NOT NULL, image_link varchar(1000) NOT NULL,
    additional_image_links varchar(1000)[] NOT NULL, availability varchar(16) NOT NULL,
    price numeric(12, 2) NOT NULL, sale_price numeric(12, 2), currency varchar(3) NOT NULL,
    brand varchar(120) NOT NULL, gtin varchar(14) NOT NULL, mpn varchar(70) NOT NULL,
    condition varchar(16) NOT NULL, color varchar(100) NOT NULL, size varchar(100) NOT NULL,
    product_type varchar(750) NOT NULL, google_product_category varchar(750) NOT NULL,
    weight_grams integer
)"""
_changed = ", ".join(f"CASE WHEN t.{f} IS DISTINCT FROM EXCLUDED.{f} THEN '{f}' END" for f in COMPARED)
_per_language = ", ".join(
    f"CASE WHEN t.feed_language = %(lang)s AND t.{f} IS DISTINCT FROM EXCLUDED.{f} THEN '{f}' END" for f in PER_LANGUAGE
)
_texts = (
    "CASE WHEN t.titles ? %(lang)s AND t.titles->>%(lang)s IS DISTINCT FROM EXCLUDED.titles->>%(lang)s "
    "THEN 'title' END, "
    "CASE WHEN t.descriptions ? %(lang)s AND t.descriptions->>%(lang)s IS DISTINCT FROM "
    "EXCLUDED.descriptions->>%(lang)s THEN 'description' END"
)
FIELDS_CHANGED = f"array_remove(ARRAY[{_changed}, {_per_language}, {_texts}]::varchar[], NULL)"
FEED_COLUMNS = ROW_FIELDS[4:]  # link .. weight_grams, copied as they are
MERGE = f"""
WITH merged AS (
INSERT INTO marketplace_stagingproduct AS t (
    store_id, feed_id, item_group_id, titles, descriptions, {", ".join(FEED_COLUMNS)}, content_hash,
    state, diff_language, feed_language, changed_fields, changed_at, first_import_id, last_import_id, gone_at,
    is_selected, customisation, search_text, thumbnail, created_at, updated_at
)
SELECT %(store)s, r.feed_id, r.item_group_id, jsonb_build_object(%(lang)s, r.title),
    jsonb_build_object(%(lang)s, r.description), {", ".join("r." + c for c in FEED_COLUMNS)},
    encode(sha256(convert_to(r::text, 'UTF8')), 'hex'),
    'new', %(lang)s, %(lang)s, '{{}}', now(), %(import)s, %(import)s, NULL, false, '{{}}'::jsonb,
    lower(concat_ws(' ', r.title, r.brand, r.feed_id, r.gtin, r.product_type)), '', now(), now()
FROM {TEMP} r
ON CONFLICT (store_id, feed_id) DO UPDATE SET
    item_group_id = EXCLUDED.item_group_id,
    titles = t.titles || EXCLUDED.titles,
    descriptions = t.descriptions || EXCLUDED.descriptions,
    {", ".join(f"{c} = EXCLUDED.{c}" for c in FEED_COLUMNS)},
    content_hash = EXCLUDED.content_hash,
    changed_fields = CASE
        WHEN cardinality({FIELDS_CHANGED}) > 0 OR t.state = 'gone' THEN {FIELDS_CHANGED}
        WHEN t.state IN ('new', 'changed') AND t.diff_language <> %(lang)s THEN t.changed_fields
        ELSE '{{}}' END,
    state = CASE
        WHEN cardinality({FIELDS_CHANGED}) > 0 OR t.state = 'gone' THEN 'changed'
        WHEN t.state IN ('new', 'changed') AND t.diff_language <> %(lang)s THEN t.state
        ELSE 'unchanged' END,
    diff_language = CASE
        WHEN cardinality({FIELDS_CHANGED}) > 0 OR t.state = 'gone' THEN %(lang)s ELSE t.diff_language END,
    changed_at = CASE
        WHEN cardinality({FIELDS_CHANGED}) > 0 OR t.state = 'gone' THEN now() ELSE t.changed_at END,
    gone_at = NULL,
    feed_language = %(lang)s,
    last_import_id = EXCLUDED.last_import_id,
    search_text = lower(concat_ws(' ',
        coalesce((t.titles || EXCLUDED.titles)->>%(store_lang)s, EXCLUDED.titles->>%(lang)s),
        EXCLUDED.brand, EXCLUDED.feed_id, EXCLUDED.gtin, EXCLUDED.product_type)),
    updated_at = now()
-- a row this language's import left exactly as it was is not written again (no new tuple, no index work)
WHERE t.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR t.state <> 'unchanged'
    OR t.feed_language <> %(lang)s
RETURNING (xmax = 0) AS inserted, state, changed_at = now() AS touched
)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted AND state = 'changed' AND touched)
FROM merged
"""  # noqa: S608 - built from constants only
GONE = f"""
UPDATE marketplace_stagingproduct s
SET state = 'gone', gone_at = now(), changed_at = now(), changed_fields = '{{}}', diff_language = %(lang)s,
    updated_at = now()
WHERE s.store_id = %(store)s AND s.state <> 'gone' AND s.titles ? %(lang)s
  AND NOT EXISTS (SELECT 1 FROM {TEMP} r WHERE r.feed_id = s.feed_id)
  AND NOT (s.feed_id = ANY(%(kept)s))
"""  # noqa: S608 - built from constants only


# for the merge's transaction only: an import is re-runnable, so its commit need not wait for the
# WAL flush (a crash loses at most the last moment's commit, and the import is run again)
MERGE_SETTINGS = ("SET LOCAL synchronous_commit = off",)


def rows_table_reset() -> None:
    """An empty temporary table for this connection's import."""
    with connection.cursor() as cursor:
        cursor.execute(TEMP_TABLE)
        cursor.execute(f"TRUNCATE {TEMP}")


def rows_copy(rows: Iterable[tuple]) -> int:
    """COPY checked rows (ROW_FIELDS tuples) into the temporary table; returns how many."""
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {TEMP} ({', '.join(ROW_FIELDS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def rejected_copy(*, feed_import_id: int, rejected: Iterable[Rejected]) -> int:
    count = 0
    sql = 'COPY marketplace_rejectedrow (feed_import_id, row_number, "column", reason, value) FROM STDIN'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for line in rejected:
            copy.write_row((feed_import_id, line.row_number, line.column[:100], line.reason[:300], line.value[:300]))
            count += 1
    return count


def staging_merge(
    *, store_id: int, feed_import_id: int, language: str, store_language: str, full: bool, kept: list[str] = ()
) -> dict:
    """Merge the temporary table into the staging area (call inside a transaction). Returns
    {"new", "changed", "gone"} counts. Products of the language missing from the table become gone,
    except those in `kept` (ids of rows refused this time: still in the feed)."""
    params = {
        "store": store_id,
        "import": feed_import_id,
        "lang": language,
        "store_lang": store_language,
        "kept": list(kept),
    }
    with connection.cursor() as cursor:
        for setting in MERGE_SETTINGS:
            cursor.execute(setting)
        cursor.execute(f"ANALYZE {TEMP}")
        cursor.execute(MERGE, params)
        new, changed = cursor.fetchone()
        gone = 0
        if full:
            cursor.execute(GONE, params)
            gone = cursor.rowcount
        cursor.execute(f"TRUNCATE {TEMP}")
    return {"new": new, "changed": changed, "gone": gone}
