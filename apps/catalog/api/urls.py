"""Catalog API routes, mounted at /api/v1/: the store API under store/stores/<code>/catalog/,
the public storefront API under storefront/catalog/."""

from django.urls import path

from . import storefront, views

STORE = "store/stores/<str:code>/catalog/"
STOREFRONT = "storefront/catalog/"

urlpatterns = [
    path(f"{STORE}products/", views.ProductListView.as_view(), name="api-catalog-product-list"),
    path(f"{STORE}products/lookup/", views.ProductLookupView.as_view(), name="api-catalog-product-lookup"),
    path(f"{STORE}products/bulk/", views.BulkView.as_view(), name="api-catalog-product-bulk"),
    path(f"{STORE}products/<int:pk>/", views.ProductDetailView.as_view(), name="api-catalog-product-detail"),
    path(f"{STORE}products/<int:pk>/variants/", views.VariantListView.as_view(), name="api-catalog-variant-list"),
    path(f"{STORE}products/<int:pk>/images/", views.ImageListView.as_view(), name="api-catalog-image-list"),
    path(f"{STORE}products/<int:pk>/images/order/", views.ImageOrderView.as_view(), name="api-catalog-image-order"),
    path(
        f"{STORE}products/<int:pk>/images/<int:image_id>/",
        views.ImageDetailView.as_view(),
        name="api-catalog-image-detail",
    ),
    path(f"{STORE}variants/<int:pk>/", views.VariantDetailView.as_view(), name="api-catalog-variant-detail"),
    path(f"{STORE}variants/<int:pk>/stock/", views.StockView.as_view(), name="api-catalog-variant-stock"),
    path(f"{STORE}categories/", views.CategoryListView.as_view(), name="api-catalog-category-list"),
    path(f"{STORE}categories/<int:pk>/", views.CategoryDetailView.as_view(), name="api-catalog-category-detail"),
    path(f"{STORE}option-types/", views.OptionTypeListView.as_view(), name="api-catalog-option-type-list"),
    path(f"{STORE}option-types/<int:pk>/", views.OptionTypeDetailView.as_view(), name="api-catalog-option-type-detail"),
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
