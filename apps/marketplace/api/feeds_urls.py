"""Feed import API routes, under store/stores/<code>/marketplace/ (api/urls.py)."""

from django.urls import path

from . import feeds

urlpatterns = [
    path("feed-sources/", feeds.FeedSourcesView.as_view(), name="api-marketplace-feed-sources"),
    path("imports/", feeds.FeedImportListView.as_view(), name="api-marketplace-import-list"),
    path("imports/preview/", feeds.FeedPreviewView.as_view(), name="api-marketplace-import-preview"),
    path("imports/<int:pk>/", feeds.FeedImportDetailView.as_view(), name="api-marketplace-import-detail"),
    path("imports/<int:pk>/rejected/", feeds.FeedImportRejectedView.as_view(), name="api-marketplace-import-rejected"),
]
