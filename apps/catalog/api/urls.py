"""Catalog API routes, mounted at /api/v1/: the store API under store/stores/<code>/catalog/,
the public storefront API under storefront/catalog/."""

from django.urls import path

from .views import bulk, categories, images, options, products, stock, storefront, variants

STORE = "store/stores/<str:code>/catalog/"
STOREFRONT = "storefront/catalog/"

urlpatterns = [
    path(f"{STORE}products/", products.ProductListView.as_view(), name="api-catalog-product-list"),
    path(f"{STORE}products/lookup/", products.ProductLookupView.as_view(), name="api-catalog-product-lookup"),
    path(f"{STORE}products/bulk/", bulk.BulkView.as_view(), name="api-catalog-product-bulk"),
    path(f"{STORE}products/<int:pk>/", products.ProductDetailView.as_view(), name="api-catalog-product-detail"),
    path(f"{STORE}products/<int:pk>/variants/", variants.VariantListView.as_view(), name="api-catalog-variant-list"),
    path(f"{STORE}products/<int:pk>/images/", images.ImageListView.as_view(), name="api-catalog-image-list"),
    path(f"{STORE}products/<int:pk>/images/order/", images.ImageOrderView.as_view(), name="api-catalog-image-order"),
    path(
        f"{STORE}products/<int:pk>/images/<int:image_id>/",
        images.ImageDetailView.as_view(),
        name="api-catalog-image-detail",
    ),
    path(f"{STORE}variants/<int:pk>/", variants.VariantDetailView.as_view(), name="api-catalog-variant-detail"),
    path(f"{STORE}variants/<int:pk>/stock/", stock.StockView.as_view(), name="api-catalog-variant-stock"),
    path(f"{STORE}categories/", categories.CategoryListView.as_view(), name="api-catalog-category-list"),
    path(f"{STORE}categories/<int:pk>/", categories.CategoryDetailView.as_view(), name="api-catalog-category-detail"),
    path(f"{STORE}option-types/", options.OptionTypeListView.as_view(), name="api-catalog-option-type-list"),
    path(
        f"{STORE}option-types/<int:pk>/", options.OptionTypeDetailView.as_view(), name="api-catalog-option-type-detail"
    ),
    path(f"{STOREFRONT}products/", storefront.StorefrontProductListView.as_view(), name="api-storefront-product-list"),
    path(
        f"{STOREFRONT}products/<slug:slug>/",
        storefront.StorefrontProductDetailView.as_view(),
        name="api-storefront-product-detail",
    ),
    path(
        f"{STOREFRONT}categories/", storefront.StorefrontCategoryTreeView.as_view(), name="api-storefront-category-list"
    ),
]
