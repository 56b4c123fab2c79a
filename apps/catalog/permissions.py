"""Who may do what in the catalog: every action its store pages and its store API offer, and the one
permission each needs.

The module declaration (apps.py) says which roles hold a permission; this table says which
permission an action takes. Store pages and the API declare the action of each HTTP method,

    class StockView(CatalogAPIView):
        actions = {"GET": Action.VIEW, "POST": Action.STOCK_ADJUST, "PATCH": Action.STOCK_SETTINGS}

and `ActionAccess` turns that into the access base's `permissions` (apps.accounts.access), so a
page and an endpoint doing the same thing cannot ask for different permissions. A view that does
more than one action in one request (a bulk delete, a form that also removes variants) asks
`self.may(action)` / `self.require_action(action)`; templates read `can.<action>`.
tests/security/test_permission_drift.py tries every action with every role on both surfaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured

VIEW = "catalog.view"
EDIT = "catalog.edit"
STOCK = "catalog.stock"
DELETE = "catalog.delete"
COSTS = "catalog.costs"


class Action(StrEnum):
    VIEW = "view"  # products, variants, images, categories, options, stock, the ledger, jobs, export
    COSTS = "costs"  # see and write cost prices
    PRODUCT_CREATE = "product_create"
    PRODUCT_CHANGE = "product_change"  # texts, prices, status (publish), categories
    PRODUCT_DELETE = "product_delete"
    PRODUCT_BULK = "product_bulk"  # queue or cancel a bulk change (deleting in bulk: PRODUCT_DELETE too)
    VARIANT_CREATE = "variant_create"
    VARIANT_CHANGE = "variant_change"  # SKU, barcode, price, options
    VARIANT_DELETE = "variant_delete"
    IMAGE_ADD = "image_add"
    IMAGE_CHANGE = "image_change"  # alt texts, main image, order
    IMAGE_DELETE = "image_delete"
    CATEGORY_CREATE = "category_create"
    CATEGORY_CHANGE = "category_change"  # rename, move, hide
    CATEGORY_DELETE = "category_delete"
    OPTION_CREATE = "option_create"
    OPTION_CHANGE = "option_change"
    OPTION_DELETE = "option_delete"
    STOCK_ADJUST = "stock_adjust"  # add or remove stock with a reason
    STOCK_COUNT = "stock_count"  # record a count
    STOCK_SETTINGS = "stock_settings"  # bin location, low-stock threshold


PERMISSIONS: Mapping[Action, str] = MappingProxyType(
    {
        Action.VIEW: VIEW,
        Action.COSTS: COSTS,
        Action.PRODUCT_CREATE: EDIT,
        Action.PRODUCT_CHANGE: EDIT,
        Action.PRODUCT_DELETE: DELETE,
        Action.PRODUCT_BULK: EDIT,
        Action.VARIANT_CREATE: EDIT,
        Action.VARIANT_CHANGE: EDIT,
        # a variant goes with its stock and its history, like a product
        Action.VARIANT_DELETE: DELETE,
        Action.IMAGE_ADD: EDIT,
        Action.IMAGE_CHANGE: EDIT,
        Action.IMAGE_DELETE: EDIT,
        Action.CATEGORY_CREATE: EDIT,
        Action.CATEGORY_CHANGE: EDIT,
        Action.CATEGORY_DELETE: DELETE,
        Action.OPTION_CREATE: EDIT,
        Action.OPTION_CHANGE: EDIT,
        Action.OPTION_DELETE: DELETE,
        # the till's work
        Action.STOCK_ADJUST: STOCK,
        Action.STOCK_COUNT: STOCK,
        # how the shop is set up, not the till's work
        Action.STOCK_SETTINGS: EDIT,
    }
)

HANDLED_ELSEWHERE = frozenset({"options", "head", "trace"})  # answered by the base, HEAD as GET


def permission_of(action: Action) -> str:
    return PERMISSIONS[action]


def permissions_by_method(actions: Mapping[str, Action]) -> dict[str, str]:
    """The access base's `permissions` ({"GET": "catalog.view", ...}) of a view's `actions`."""
    return {method: PERMISSIONS[Action(action)] for method, action in actions.items()}


def allowed_actions(perms: Iterable[str]) -> dict[str, bool]:
    """{action: whether a role holding `perms` may do it}, for templates (`can.stock_settings`)."""
    held = set(perms)
    return {action.value: permission in held for action, permission in PERMISSIONS.items()}


def _handled_methods(cls: type) -> set[str]:
    """The HTTP methods a view class answers with a handler of its own (not the base's OPTIONS)."""
    names = getattr(cls, "http_method_names", ())
    return {name.upper() for name in names if name not in HANDLED_ELSEWHERE and callable(getattr(cls, name, None))}


class ActionAccess:
    """Mixin, before the access base, of every catalog store view (pages and API). A concrete view
    declares `actions`, the action of every method it answers, and no permission strings: its
    `permissions` come from PERMISSIONS. Mistakes raise ImproperlyConfigured at import."""

    abstract = True
    actions: ClassVar[Mapping[str, Action]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        own = cls.__dict__
        name = cls.__qualname__
        repeated = sorted({"permission", "write_permission", "permissions"} & set(own))
        if repeated:
            raise ImproperlyConfigured(
                f"{name} sets {', '.join(repeated)}: a catalog view declares `actions` (apps.catalog.permissions) "
                "and takes its permissions from the one table there."
            )
        if not own.get("abstract", False):
            answered = _handled_methods(cls)
            declared = set(cls.actions)
            if answered != declared:
                raise ImproperlyConfigured(
                    f"{name}.actions must name the action of every method it answers, and only those: it answers "
                    f"{sorted(answered)}, `actions` names {sorted(declared)}."
                )
            cls.permissions = permissions_by_method(cls.actions)
        super().__init_subclass__(**kwargs)

    # what a request may do besides the action of its method

    def may(self, action: Action) -> bool:
        return self.has_perm(PERMISSIONS[action])  # type: ignore[attr-defined]

    def require_action(self, action: Action, *, message: str | None = None, field: str | None = None) -> None:
        self.require(PERMISSIONS[action], message=message, field=field)  # type: ignore[attr-defined]
