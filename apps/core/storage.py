"""File storage with every merchant's files under its own prefix (its schema name), locally or on
S3. The prefix is decided at save and URL time from the active schema, so a path stored in a
merchant's database can never point into another merchant's files."""

from __future__ import annotations

import posixpath

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from storages.backends.s3 import S3Storage


def tenant_prefix() -> str:
    return getattr(connection, "schema_name", None) or "public"


class TenantPrefixMixin:
    def _prefixed(self, name: str) -> str:
        prefix = tenant_prefix()
        name = name.lstrip("/")
        if name.startswith(prefix + "/"):
            return name
        return posixpath.join(prefix, name)

    def generate_filename(self, filename: str) -> str:
        return super().generate_filename(self._prefixed(filename))


class TenantFileSystemStorage(TenantPrefixMixin, FileSystemStorage):
    pass


class TenantS3Storage(TenantPrefixMixin, S3Storage):
    pass


def tenant_files_delete(schema: str) -> int:
    """Delete every file stored under a merchant's prefix (its schema name), for a merchant that
    is gone. Returns how many files went."""
    deleted = 0
    folders = [schema]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        folders += [posixpath.join(folder, name) for name in subfolders]
        for name in files:
            default_storage.delete(posixpath.join(folder, name))
            deleted += 1
    return deleted
