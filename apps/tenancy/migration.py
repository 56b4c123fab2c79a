"""migrate_schemas that stays cheap with many merchants.

django-tenants runs Django's migrate once per schema, which loads the migration graph and
inspects the schema each time even when nothing is pending. This executor first reads which
migrations every schema has recorded (one query), keeps only the schemas that miss some, and
migrates those: in this process for a few, in a process pool for many. It also creates and
migrates the template schema that new merchants are cloned from.
"""

from __future__ import annotations

import sys

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.migration_executors import get_executor as base_get_executor
from django_tenants.migration_executors.multiproc import MultiprocessingExecutor
from django_tenants.migration_executors.standard import StandardExecutor
from django_tenants.utils import get_public_schema_name, get_tenant_base_schema, schema_exists

PARALLEL_THRESHOLD = 8


def expected_tenant_migrations() -> set[tuple[str, str]]:
    """Every (app, migration) that belongs in a merchant schema, from the files on disk."""
    tenant_labels = set()
    for app in settings.TENANT_APPS:
        for config in apps.get_app_configs():
            if config.name == app:
                tenant_labels.add(config.label)
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    return {key for key in loader.disk_migrations if key[0] in tenant_labels}


def applied_by_schema(schemas: list[str]) -> dict[str, set[tuple[str, str]]]:
    applied: dict[str, set[tuple[str, str]]] = {s: set() for s in schemas}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [schemas],
        )
        present = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(present), 500):
            chunk = present[start : start + 500]
            # Schema names come from information_schema and are quoted.
            selects = [f"SELECT %s, app, name FROM {connection.ops.quote_name(s)}.django_migrations" for s in chunk]  # noqa: S608
            sql = " UNION ALL ".join(selects)
            cursor.execute(sql, chunk)
            for schema, app, name in cursor.fetchall():
                applied[schema].add((app, name))
    return applied


def stale_schemas(schemas: list[str]) -> list[str]:
    if not schemas:
        return []
    expected = expected_tenant_migrations()
    applied = applied_by_schema(schemas)
    return [s for s in schemas if not expected <= applied[s]]


def ensure_template_schema() -> str | None:
    template = get_tenant_base_schema()
    if template and not schema_exists(template):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {connection.ops.quote_name(template)}")
    return template or None


def get_executor(codename=None):
    if codename not in (None, "", "fast"):
        return base_get_executor(codename)

    class FastExecutor(StandardExecutor):
        codename = "fast"

        def run_migrations(self, tenants=None):
            tenants = list(tenants or [])
            public = get_public_schema_name()
            if tenants == [public]:
                return super().run_migrations(tenants=tenants)
            # Targeted runs (a migration name, --fake, a single schema) go through as asked.
            if self.options.get("migration_name") or self.options.get("fake") or self.options.get("schema_name"):
                return super().run_migrations(tenants=tenants)
            template = ensure_template_schema()
            if template and template not in tenants:
                tenants.insert(0, template)
            todo = stale_schemas(tenants)
            skipped = len(tenants) - len(todo)
            if int(self.options.get("verbosity", 1)) >= 1:
                self.logger_write(f"{len(tenants)} tenant schemas: {skipped} up to date, {len(todo)} to migrate")
            if not todo:
                return None
            if len(todo) >= PARALLEL_THRESHOLD:
                return MultiprocessingExecutor(self.args, self.options).run_migrations(tenants=todo)
            return super().run_migrations(tenants=todo)

        def logger_write(self, message: str) -> None:
            sys.stdout.write(f"[migrate_schemas] {message}\n")

    return FastExecutor
