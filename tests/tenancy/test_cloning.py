"""A merchant schema copied from the template must be the template: same tables, columns,
constraints and indexes under the same names, same rows, working sequences."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from apps.accounts.models import User
from apps.tenancy.cloning import CloneError, clone_schema

CATALOG = {
    "columns": """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
               pg_get_expr(d.adbin, d.adrelid)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    """,
    "constraints": """
        SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
        WHERE c.relnamespace = %s::regnamespace AND con.contype <> 'n'
    """,
    "indexes": """
        SELECT ic.relname, pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
        WHERE c.relnamespace = %s::regnamespace
    """,
}


def describe(schema: str) -> dict[str, set]:
    result = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('search_path', 'pg_catalog', true)")
        for name, sql in CATALOG.items():
            cursor.execute(sql, [schema])
            result[name] = {tuple(str(v).replace(f"{schema}.", "<schema>.") for v in row) for row in cursor.fetchall()}
        cursor.execute("SELECT set_config('search_path', 'public', true)")
    return result


def test_merchant_schema_equals_the_template(tenant_a):
    template, copy = describe("tenant_template"), describe(tenant_a.merchant.schema_name)
    assert template["columns"] and template["constraints"] and template["indexes"]
    for part in CATALOG:
        assert copy[part] == template[part], part


def test_copy_carries_migration_records_and_fresh_sequences(tenant_a):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tenant_template.django_migrations")
        template_count = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {tenant_a.merchant.schema_name}.django_migrations")
        assert cursor.fetchone()[0] == template_count > 10
    with schema_context(tenant_a.merchant.schema_name):
        user = User.objects.create_user(email="seq@alpha.test", password="x")
        assert user.pk > 1


def test_copies_are_independent(tenant_a, tenant_b):
    tenant_a.customer("only-here@example.lu")
    with schema_context("tenant_template"):
        assert not User.objects.exists()
    with schema_context(tenant_b.merchant.schema_name):
        assert not User.objects.filter(email="only-here@example.lu").exists()


def test_unsupported_template_objects_are_refused(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA odd_template")
        cursor.execute("CREATE VIEW odd_template.v AS SELECT 1 AS x")
    with pytest.raises(CloneError):
        clone_schema("odd_template", "odd_copy")
    with pytest.raises(CloneError):
        clone_schema("no_such_template", "odd_copy")
