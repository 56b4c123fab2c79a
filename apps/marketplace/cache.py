"""The staging area's version per store: what the curation list caches (facets, counts) is keyed
by it, and every write to the staging rows bumps it (curation's services, and the receiver of
feed_imported after an import), so a cached figure never outlives the rows it counted."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
SECONDS = 600


def _version_key(store_id: int) -> str:
    return f"marketplace:staging:{store_id}:version"


def staging_changed(store_id: int) -> None:
    """The store's staging rows changed: what was cached of them is stale."""
    try:
        cache.incr(_version_key(store_id))
    except ValueError:  # no version yet: nothing cached under one
        cache.set(_version_key(store_id), 1, None)


def staging_changed_on_commit(store_id: int) -> None:
    """staging_changed() now (for reads in this transaction) and again once it commits (so a read
    between the two cannot keep the old figures under the new version)."""
    staging_changed(store_id)
    transaction.on_commit(lambda: staging_changed(store_id))


def staging_cached(store_id: int, what: str, params: Mapping[str, Any], compute: Callable[[], T]) -> T:
    """`compute()`, cached under the store's staging version and `params`."""
    version = cache.get_or_set(_version_key(store_id), 1, None)
    digest = hashlib.sha256(json.dumps(dict(params), sort_keys=True, default=str).encode()).hexdigest()[:20]
    key = f"marketplace:staging:{store_id}:{version}:{what}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, SECONDS)
    return found
