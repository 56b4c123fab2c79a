"""PostgreSQL extensions and text search configurations every merchant schema uses: pg_trgm for
typo-tolerant matching, unaccent so that "creme" finds "crème", and one configuration per
language that strips accents before stemming. They live in the public schema, which is on every
merchant's search path."""

from django.db import migrations

LANGUAGES = {"en": "english", "fr": "french", "de": "german", "lb": "simple"}

FORWARD = ["CREATE EXTENSION IF NOT EXISTS pg_trgm", "CREATE EXTENSION IF NOT EXISTS unaccent"]
BACKWARD = []
for code, base in LANGUAGES.items():
    name = f"public.search_{code}"
    FORWARD.append(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
    FORWARD.append(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})")
    FORWARD.append(
        f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
        f"WITH public.unaccent, {'simple' if base == 'simple' else base + '_stem'}"
    )
    BACKWARD.append(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
