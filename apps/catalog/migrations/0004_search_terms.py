"""Typo correction from a vocabulary of title and brand words per store (SearchTerm) instead of
trigram matching over every product's flattened titles (Product.search_text): the vocabulary is a
few thousand short words, so finding the closest ones takes a millisecond where the product scan
took tens. Existing catalogs get their vocabulary from their products' titles and brands.

Also a covering index for listing facets (brands, price range, stock counts), which then read it
alone instead of the wide product rows."""

import django.contrib.postgres.indexes
import django.db.models.deletion
from django.db import migrations, models


FILL = """
INSERT INTO catalog_searchterm (store_id, term)
SELECT DISTINCT p.store_id, w
FROM catalog_product p
CROSS JOIN LATERAL regexp_split_to_table(
    lower(public.unaccent(concat_ws(' ', p.title_en, p.title_fr, p.title_de, p.title_lb, p.brand))), '[^[:alnum:]]+'
) AS w
WHERE length(w) BETWEEN 3 AND 40 AND w !~ '[[:digit:]]'
ORDER BY 1, 2
ON CONFLICT DO NOTHING
"""


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0003_fill_product_available'),
        ('tenancy', '0002_store_code_help'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=40)),
            ],
        ),
        migrations.AddField(
            model_name='searchterm',
            name='store',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenancy.store'),
        ),
        migrations.AddIndex(
            model_name='searchterm',
            index=django.contrib.postgres.indexes.GinIndex(fields=['term'], name='search_term_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddConstraint(
            model_name='searchterm',
            constraint=models.UniqueConstraint(fields=('store', 'term'), name='search_term_unique_per_store'),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['store', 'status'], include=('id', 'brand', 'price', 'available'), name='product_facets'),
        ),
        migrations.RemoveIndex(
            model_name='product',
            name='product_search_text_trgm',
        ),
        migrations.RemoveField(
            model_name='product',
            name='search_text',
        ),
    ]
