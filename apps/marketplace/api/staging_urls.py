"""Curation API routes under store/stores/<code>/marketplace/."""

from django.urls import path

from . import staging as views

urlpatterns = [
    path("products/", views.StagingListView.as_view(), name="api-marketplace-staging-list"),
    path("products/select/", views.StagingSelectView.as_view(), name="api-marketplace-staging-select"),
    path("products/publish/", views.StagingPublishView.as_view(), name="api-marketplace-staging-publish"),
    path("products/<int:pk>/", views.StagingDetailView.as_view(), name="api-marketplace-staging-detail"),
    path(
        "products/<int:pk>/unpublish/", views.StagingUnpublishView.as_view(), name="api-marketplace-staging-unpublish"
    ),
    path("category-mappings/", views.CategoryMappingView.as_view(), name="api-marketplace-category-mappings"),
]
