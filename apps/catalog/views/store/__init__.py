"""Catalog pages of the store back office: products (list, form, images, variants, bulk changes,
CSV export), categories, inventory and the progress of background jobs.

Every page reads through selectors and writes through services, inside `self.store`. Each
declares the action of every method it answers; the permission comes from the catalog's one table
(apps.catalog.permissions), as for the API, so hiding a button is never the only thing that stops
a viewer.
"""

from .categories import CategoryActionView, CategoryEditView, CategoryListView
from .images import ImageDeleteView, ImageMoveView, ImageUpdateView, ImageUploadView
from .inventory import (
    InventoryAdjustView,
    InventoryCountView,
    InventoryItemView,
    InventoryListView,
    InventorySettingsView,
    LedgerView,
    LowStockView,
)
from .jobs import JobView
from .product_form import ProductAddView, ProductEditView, VariantRowView
from .products import (
    ProductBulkView,
    ProductDeleteView,
    ProductExportView,
    ProductListView,
)
from .variants import VariantAddView, VariantDeleteView, VariantEditView

__all__ = [
    "CategoryActionView",
    "CategoryEditView",
    "CategoryListView",
    "ImageDeleteView",
    "ImageMoveView",
    "ImageUpdateView",
    "ImageUploadView",
    "InventoryAdjustView",
    "InventoryCountView",
    "InventoryItemView",
    "InventoryListView",
    "InventorySettingsView",
    "JobView",
    "LedgerView",
    "LowStockView",
    "ProductAddView",
    "ProductBulkView",
    "ProductDeleteView",
    "ProductEditView",
    "ProductExportView",
    "ProductListView",
    "VariantAddView",
    "VariantDeleteView",
    "VariantEditView",
    "VariantRowView",
]
