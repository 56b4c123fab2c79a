"""What the orders app reads of the objects lower apps hand it. Structural types, as in the
catalog (apps.catalog.types)."""

from __future__ import annotations

from typing import Any, Protocol


class StoreRef(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def language(self) -> str: ...

    @property
    def merchant(self) -> Any: ...

    @property
    def merchant_id(self) -> int: ...


class Actor(Protocol):
    """Who makes a change: a member of staff, a customer's user, or None (the platform)."""

    @property
    def pk(self) -> Any: ...

    @property
    def email(self) -> str: ...

    @property
    def is_authenticated(self) -> bool: ...
