"""Who may do what in the catalog: every action its store pages and its store API offer, and the one
permission each needs.

The module declaration (apps.py) says which roles hold a permission; this table says which
permission an action takes. Store pages and the API declare the action of each HTTP method,

    class StockView(CatalogAPIView):
        actions = {"GET": Action.VIEW, "POST": Action.STOCK_ADJUST, "PATCH": Action.STOCK_SETTINGS}

and `ActionAccess` turns that into the access base's `permissions` (apps.accounts.actions).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from apps.accounts.actions import ActionTable

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


TABLE = ActionTable(
    "catalog",
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
    },
)

PERMISSIONS = TABLE.permissions
ActionAccess = TABLE.access


def permission_of(action: Action) -> str:
    return TABLE.permission_of(action)


def allowed_actions(perms: Iterable[str]) -> dict[str, bool]:
    """{action: whether a role holding `perms` may do it}, for templates (`can.stock_settings`)."""
    return TABLE.allowed(perms)
