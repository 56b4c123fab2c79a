"""A per-store catalog version: storefront pages put it in their cache keys, and every change to
the catalog bumps it (after commit), so cached listings never outlive the data they show."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction


def _key(store_id: int) -> str:
    return f"catalog:version:{store_id}"


def catalog_version(store_id: int) -> int:
    version = cache.get(_key(store_id))
    if version is None:
        version = 1
        cache.add(_key(store_id), version, None)
    return version


def catalog_changed(store_id: int) -> None:
    def bump() -> None:
        try:
            cache.incr(_key(store_id))
        except ValueError:
            cache.set(_key(store_id), 2, None)

    transaction.on_commit(bump)
