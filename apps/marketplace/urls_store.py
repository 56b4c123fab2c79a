"""The marketplace's store pages, under /store/<code>/marketplace/ in the `store:marketplace`
namespace: one URL module per area (apps/marketplace/urls/), included here."""

from django.urls import include, path  # noqa: F401 - used by the lines each area adds

urlpatterns: list = [
    # one line per area: path("", include("apps.marketplace.urls.store_<area>")),
    path("", include("apps.marketplace.urls.store_export")),
    path("", include("apps.marketplace.urls.store_connection")),
    path("", include("apps.marketplace.urls.store_units")),
    path("", include("apps.marketplace.urls.store_orders")),  # order sync
    path("", include("apps.marketplace.urls.store_imports")),
    path("", include("apps.marketplace.urls.store_staging")),
]
