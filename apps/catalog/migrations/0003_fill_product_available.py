"""Fill Product.available for catalogs that existed before the column (data migration)."""

from django.db import migrations

FILL = """
UPDATE catalog_product p SET available = COALESCE((
    SELECT SUM(i.quantity - i.reserved) FROM catalog_variant v
    JOIN catalog_inventoryitem i ON i.variant_id = v.id WHERE v.product_id = p.id
), 0)
"""


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_product_available")]

    operations = [migrations.RunSQL(FILL, migrations.RunSQL.noop)]
