"""Fill the staff directory from the memberships that exist in every merchant's schema (later
changes keep it current: accounts' receivers)."""

from django.db import migrations

FILL = """
INSERT INTO tenancy_staffdirectoryentry (merchant_id, store_id, user_id, email, created_at, updated_at)
SELECT s.merchant_id, m.store_id, u.id, lower(u.email), now(), now()
  FROM {schema}.accounts_storemembership m
  JOIN {schema}.accounts_user u ON u.id = m.user_id
  JOIN tenancy_store s ON s.id = m.store_id AND s.merchant_id = %s
ON CONFLICT DO NOTHING
"""


def fill(apps, schema_editor):
    Merchant = apps.get_model("tenancy", "Merchant")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for merchant_id, schema in Merchant.objects.values_list("id", "schema_name"):
            cursor.execute("SELECT to_regclass(%s)", [f"{connection.ops.quote_name(schema)}.accounts_storemembership"])
            if cursor.fetchone()[0] is None:
                continue
            cursor.execute(FILL.format(schema=connection.ops.quote_name(schema)), [merchant_id])


def empty(apps, schema_editor):
    apps.get_model("tenancy", "StaffDirectoryEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tenancy", "0003_staff_directory"),
    ]

    operations = [migrations.RunPython(fill, empty)]
