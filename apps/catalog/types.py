"""What the catalog's services and selectors read of the objects other apps hand them: the store
they act in (tenancy's Store) and who acts (accounts' User). Structural types, so the catalog
needs neither app's models to say what it takes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol


class StoreRef(Protocol):
    """The store a read or write is scoped to."""

    @property
    def id(self) -> int: ...

    @property
    def language(self) -> str: ...

    @property
    def merchant(self) -> Any: ...


class Actor(Protocol):
    """Who makes a change (None: the platform itself, e.g. a loader or a task)."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def email(self) -> str: ...


# A price as a form or a request sends it; the services parse it.
PriceInput = Decimal | str | int | float
