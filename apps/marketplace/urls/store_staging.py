"""Curation pages: /store/<code>/marketplace/ (the staging products) and what hangs off them."""

from django.urls import path

from ..views.store import staging as views

urlpatterns = [
    path("", views.StagingListView.as_view(), name="staging_index"),
    path("products/", views.StagingListView.as_view(), name="staging"),
    path("products/bulk/", views.StagingBulkView.as_view(), name="staging_bulk"),
    path("products/<int:pk>/", views.StagingDetailView.as_view(), name="staging_product"),
    path("products/<int:pk>/publish/", views.StagingPublishView.as_view(), name="staging_publish"),
    path("categories/", views.CategoryMappingView.as_view(), name="staging_categories"),
    path("publishing/<int:job_id>/", views.StagingJobView.as_view(), name="staging_job"),
    path(
        "publishing/<int:job_id>/progress/",
        views.StagingJobView.as_view(),
        {"partial": True},
        name="staging_job_progress",
    ),
]
