"""The one way tests count SQL queries (the `queries` fixture in tests/conftest.py), so a pinned
count is measured the same way everywhere and a failure always lists the SQL it counted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Captured:
    """The queries run inside a `Queries` block; filled in when the block ends."""

    sql: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.sql)


class Queries:
    @contextmanager
    def capture(self) -> Iterator[Captured]:
        captured = Captured()
        with CaptureQueriesContext(connection) as ctx:
            yield captured
        captured.sql = [query["sql"] for query in ctx.captured_queries]

    @contextmanager
    def exactly(self, expected: int) -> Iterator[Captured]:
        """Fail unless the block runs exactly `expected` queries."""
        with self.capture() as captured:
            yield captured
        assert captured.count == expected, (f"{captured.count} queries, expected {expected}", captured.sql)

    @contextmanager
    def at_most(self, expected: int) -> Iterator[Captured]:
        """Fail if the block runs more than `expected` queries."""
        with self.capture() as captured:
            yield captured
        assert captured.count <= expected, (f"{captured.count} queries, expected at most {expected}", captured.sql)

    def of_get(self, client, path: str, *, cold: bool = False, **extra) -> Captured:
        """The queries of a GET of `path` that answers 200, asked a second time: the first GET
        warms the host lookup and the session. `cold` empties the default cache in between, so the
        counted request misses the catalog's caches (the host lookup has its own cache)."""
        client.get(path, **extra)
        if cold:
            caches["default"].clear()
        with self.capture() as captured:
            response = client.get(path, **extra)
        assert response.status_code == 200, (path, response.status_code)
        return captured
