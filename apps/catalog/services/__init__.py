"""Writes to the catalog, one module per aggregate; this is their public surface. Other apps,
views, the API and tasks call `from apps.catalog import services; services.product_create(...)`.

Every service is keyword-only and atomic, validates what it is given, writes the audit row of
the acting user, refreshes the search document of what it touched and bumps the store's catalog
version (cache.py), so storefront listings follow.
"""

from .allocation import InsufficientStock, StockChange, StockOp, stock_apply
from .bulk import (
    BULK_ACTION_LABELS,
    BULK_ACTIONS,
    BULK_JOB_KIND,
    BulkApplied,
    bulk_apply,
    bulk_id,
    bulk_queue,
    bulk_validate,
)
from .categories import (
    CATEGORY_PARENT_KEEP,
    category_create,
    category_delete,
    category_move,
    category_place,
    category_update,
)
from .images import (
    NormalisedImage,
    image_add,
    image_delete,
    image_normalise,
    image_reorder,
    image_update,
)
from .options import (
    option_type_create,
    option_type_delete,
    option_type_get_or_create,
    option_type_update,
    option_values_get_or_create,
)
from .products import dangerously_price_range_refresh, product_create, product_delete, product_update
from .renditions import RENDITIONS, renditions_make, renditions_run, renditions_schedule, renditions_sweep
from .stock import inventory_settings_update, stock_adjust, stock_reserve, stock_set
from .variants import variant_create, variant_delete, variant_update

__all__ = [
    "InsufficientStock",
    "StockChange",
    "StockOp",
    "stock_apply",
    "NormalisedImage",
    "CATEGORY_PARENT_KEEP",
    "BULK_ACTIONS",
    "BULK_ACTION_LABELS",
    "BULK_JOB_KIND",
    "BulkApplied",
    "bulk_apply",
    "bulk_id",
    "bulk_queue",
    "bulk_validate",
    "category_create",
    "category_delete",
    "category_move",
    "category_place",
    "category_update",
    "dangerously_price_range_refresh",
    "image_add",
    "image_delete",
    "image_normalise",
    "image_reorder",
    "image_update",
    "inventory_settings_update",
    "option_type_create",
    "option_type_delete",
    "option_type_get_or_create",
    "option_type_update",
    "option_values_get_or_create",
    "product_create",
    "product_delete",
    "product_update",
    "RENDITIONS",
    "renditions_make",
    "renditions_run",
    "renditions_schedule",
    "renditions_sweep",
    "stock_adjust",
    "stock_reserve",
    "stock_set",
    "variant_create",
    "variant_delete",
    "variant_update",
]
