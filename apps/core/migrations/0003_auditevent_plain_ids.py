"""The audit log keeps the merchant and store it concerns as plain ids instead of foreign keys into
tenancy: core sits below tenancy, and an audit row outlives what it names.

The columns (merchant_id, store_id) and their data stay where they are; in the database only the
foreign key constraints and their single-column indexes go (the (merchant_id, -created_at) index
stays). Going back nulls the ids of merchants and stores deleted meanwhile, so that the foreign
keys can be created again."""

from django.db import migrations, models

NULL_DANGLING_IDS = [
    "UPDATE core_auditevent SET store_id = NULL WHERE store_id IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM tenancy_store s WHERE s.id = core_auditevent.store_id)",
    "UPDATE core_auditevent SET merchant_id = NULL WHERE merchant_id IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM tenancy_merchant m WHERE m.id = core_auditevent.merchant_id)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_search_extensions"),
        ("tenancy", "0002_store_code_help"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                # Same columns, now plain bigints: drops the constraints and the foreign keys' indexes.
                migrations.AlterField(
                    model_name="auditevent",
                    name="merchant",
                    field=models.BigIntegerField(blank=True, null=True, db_column="merchant_id"),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="store",
                    field=models.BigIntegerField(blank=True, null=True, db_column="store_id"),
                ),
                migrations.RunSQL(migrations.RunSQL.noop, reverse_sql=NULL_DANGLING_IDS),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="auditevent", name="core_audite_merchan_73b0f3_idx"),
                migrations.RemoveField(model_name="auditevent", name="merchant"),
                migrations.RemoveField(model_name="auditevent", name="store"),
                migrations.AddField(
                    model_name="auditevent",
                    name="merchant_id",
                    field=models.BigIntegerField(blank=True, null=True, verbose_name="merchant"),
                ),
                migrations.AddField(
                    model_name="auditevent",
                    name="store_id",
                    field=models.BigIntegerField(blank=True, null=True, verbose_name="store"),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["merchant_id", "-created_at"], name="core_audite_merchan_73b0f3_idx"),
                ),
            ],
        ),
    ]
