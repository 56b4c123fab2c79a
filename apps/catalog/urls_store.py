"""Catalog pages of the store back office, mounted at /store/<code>/catalog/ as "store:catalog"."""

from django.urls import path

from .views import store as views

urlpatterns = [
    # products
    path("", views.ProductListView.as_view(), name="products"),
    path("products/add/", views.ProductAddView.as_view(), name="product_add"),
    path("products/variant-row/", views.VariantRowView.as_view(), name="product_variant_row"),
    path("products/bulk/", views.ProductBulkView.as_view(), name="product_bulk"),
    path("products/export.csv", views.ProductExportView.as_view(), name="product_export"),
    path("products/<int:pk>/", views.ProductEditView.as_view(), name="product_edit"),
    path("products/<int:pk>/delete/", views.ProductDeleteView.as_view(), name="product_delete"),
    # images of a product
    path("products/<int:pk>/images/", views.ImageUploadView.as_view(), name="image_upload"),
    path("products/<int:pk>/images/<int:image_id>/", views.ImageUpdateView.as_view(), name="image_update"),
    path(
        "products/<int:pk>/images/<int:image_id>/move/<str:direction>/",
        views.ImageMoveView.as_view(),
        name="image_move",
    ),
    path("products/<int:pk>/images/<int:image_id>/delete/", views.ImageDeleteView.as_view(), name="image_delete"),
    # variants of a product
    path("products/<int:pk>/variants/add/", views.VariantAddView.as_view(), name="variant_add"),
    path("products/<int:pk>/variants/<int:variant_id>/", views.VariantEditView.as_view(), name="variant_edit"),
    path(
        "products/<int:pk>/variants/<int:variant_id>/delete/", views.VariantDeleteView.as_view(), name="variant_delete"
    ),
    # categories
    path("categories/", views.CategoryListView.as_view(), name="categories"),
    path("categories/add/", views.CategoryListView.as_view(), name="category_add"),
    path("categories/<int:pk>/", views.CategoryEditView.as_view(), name="category_edit"),
    path("categories/<int:pk>/<str:action>/", views.CategoryActionView.as_view(), name="category_action"),
    # inventory
    path("inventory/", views.InventoryListView.as_view(), name="inventory"),
    path("inventory/low/", views.LowStockView.as_view(), name="low_stock"),
    path("inventory/ledger/", views.LedgerView.as_view(), name="ledger"),
    path("inventory/<int:variant_id>/", views.InventoryItemView.as_view(), name="inventory_item"),
    path("inventory/<int:variant_id>/adjust/", views.InventoryAdjustView.as_view(), name="inventory_adjust"),
    path("inventory/<int:variant_id>/count/", views.InventoryCountView.as_view(), name="inventory_count"),
    path("inventory/<int:variant_id>/settings/", views.InventorySettingsView.as_view(), name="inventory_settings"),
    # background jobs started from these pages
    path("jobs/<int:job_id>/", views.JobView.as_view(), name="job"),
    path("jobs/<int:job_id>/progress/", views.JobView.as_view(), {"partial": True}, name="job_progress"),
]
