"""The marketplace's API, mounted at /api/v1/: the store API under
store/stores/<code>/marketplace/..., one URL module per area (apps/marketplace/api/), included here."""

from django.urls import include, path  # noqa: F401 - used by the lines each area adds

urlpatterns: list = [
    # one line per area: path("store/stores/<str:code>/marketplace/", include("apps.marketplace.api.<area>_urls")),
    path("store/stores/<str:code>/marketplace/", include("apps.marketplace.api.export_urls")),
    path("store/stores/<str:code>/marketplace/", include("apps.marketplace.api.connection_urls")),
    path("store/stores/<str:code>/marketplace/", include("apps.marketplace.api.order_sync_urls")),
    path("store/stores/<str:code>/marketplace/", include("apps.marketplace.api.feeds_urls")),
    path("store/stores/<str:code>/marketplace/", include("apps.marketplace.api.staging_urls")),
]
