"""Product.price_min and price_max: what the cheapest and dearest variant sell for, so that
listings show "from" prices and sort and filter by them. Existing products get theirs from their
variants (a variant without a price of its own sells for the product's)."""

import django.core.validators
from decimal import Decimal

from django.db import migrations, models


FILL = """
UPDATE catalog_product p SET
    price_min = COALESCE((SELECT min(COALESCE(v.price, p.price)) FROM catalog_variant v WHERE v.product_id = p.id), p.price),
    price_max = COALESCE((SELECT max(COALESCE(v.price, p.price)) FROM catalog_variant v WHERE v.product_id = p.id), p.price)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_search_terms"),
        ("tenancy", "0002_store_code_help"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="product",
            name="product_price",
        ),
        migrations.RemoveIndex(
            model_name="product",
            name="product_facets",
        ),
        migrations.AddField(
            model_name="product",
            name="price_max",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0"),
                editable=False,
                max_digits=12,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="highest price",
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="price_min",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0"),
                editable=False,
                max_digits=12,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="lowest price",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=["store", "status"],
                include=("id", "brand", "price_min", "price_max", "available"),
                name="product_listing_facets",
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["store", "price_min"], name="product_price_min"),
        ),
    ]
