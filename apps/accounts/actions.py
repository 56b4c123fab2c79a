"""Actions and the permission each takes, declared once per app and used by its pages and API.

An app lists its actions (a StrEnum) and the permission each needs in an `ActionTable`; its store
views (pages and API) mix in `table.access` before the access base (apps.accounts.access) and
declare the action of every HTTP method they answer,

    class StockView(table.access, StoreAPIView):
        actions = {"GET": Action.VIEW, "POST": Action.STOCK_ADJUST}

and take their `permissions` from the table, so a page and an endpoint doing the same thing cannot
ask for different permissions. A view doing more than one action in a request asks
`self.may(action)` / `self.require_action(action)`; templates read `can.<action>`
(`table.allowed(perms)`). tests/security/test_permission_drift.py compares the two surfaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured

HANDLED_ELSEWHERE = frozenset({"options", "head", "trace"})  # answered by the base, HEAD as GET


def _handled_methods(cls: type) -> set[str]:
    """The HTTP methods a view class answers with a handler of its own (not the base's OPTIONS)."""
    names = getattr(cls, "http_method_names", ())
    return {name.upper() for name in names if name not in HANDLED_ELSEWHERE and callable(getattr(cls, name, None))}


class ActionTable:
    """`{action: permission}` of one app, and the view mixin that applies it."""

    def __init__(self, app: str, permissions: Mapping[StrEnum, str]) -> None:
        self.app = app
        self.permissions: Mapping[StrEnum, str] = MappingProxyType(dict(permissions))
        self.action_type = type(next(iter(self.permissions)))
        self.access = _access_mixin(self)

    def permission_of(self, action: StrEnum) -> str:
        return self.permissions[action]

    def permissions_by_method(self, actions: Mapping[str, StrEnum]) -> dict[str, str]:
        """The access base's `permissions` ({"GET": "catalog.view", ...}) of a view's `actions`."""
        return {method: self.permissions[self.action_type(action)] for method, action in actions.items()}

    def allowed(self, perms: Iterable[str]) -> dict[str, bool]:
        """{action: whether a role holding `perms` may do it}, for templates (`can.stock_settings`)."""
        held = set(perms)
        return {action.value: permission in held for action, permission in self.permissions.items()}


def _access_mixin(table: ActionTable) -> type:
    class ActionAccess:
        """Mixin, before the access base, of every store view of the app. A concrete view declares
        `actions`, the action of every method it answers, and no permission strings. Mistakes
        raise ImproperlyConfigured at import."""

        abstract = True
        actions: ClassVar[Mapping[str, StrEnum]] = {}

        def __init_subclass__(cls, **kwargs: Any) -> None:
            own = cls.__dict__
            name = cls.__qualname__
            repeated = sorted({"permission", "write_permission", "permissions"} & set(own))
            if repeated:
                raise ImproperlyConfigured(
                    f"{name} sets {', '.join(repeated)}: a {table.app} view declares `actions` and takes its "
                    "permissions from the app's action table."
                )
            if not own.get("abstract", False):
                answered = _handled_methods(cls)
                declared = set(cls.actions)
                if answered != declared:
                    raise ImproperlyConfigured(
                        f"{name}.actions must name the action of every method it answers, and only those: it "
                        f"answers {sorted(answered)}, `actions` names {sorted(declared)}."
                    )
                cls.permissions = table.permissions_by_method(cls.actions)
            super().__init_subclass__(**kwargs)

        def may(self, action: StrEnum) -> bool:
            return self.has_perm(table.permissions[action])  # type: ignore[attr-defined]

        def require_action(self, action: StrEnum, *, message: str | None = None, field: str | None = None) -> None:
            self.require(table.permissions[action], message=message, field=field)  # type: ignore[attr-defined]

    ActionAccess.__qualname__ = ActionAccess.__name__ = f"{table.app.title()}ActionAccess"
    return ActionAccess
