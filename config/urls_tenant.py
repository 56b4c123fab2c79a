"""URLs on a store's domain (merchant schema): storefront, store back office, API."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from apps.accounts.views.storefront import AccountView
from apps.catalog.views.storefront import HomeView
from config.urls_api import api_docs_urlpatterns

store_patterns = (
    [
        path("", include("apps.tenancy.urls_store")),
        path("", include("apps.accounts.urls_store")),
        path("catalog/", include(("apps.catalog.urls_store", "catalog"))),
    ],
    "store",
)

storefront_patterns = (
    [
        path("", HomeView.as_view(), name="home"),  # the catalog's home page
        path("account/", AccountView.as_view(), name="account"),
    ],
    "storefront",
)

urlpatterns = [
    path("", include(storefront_patterns)),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("store/<str:code>/", include(store_patterns)),
    path("api/v1/", include("config.urls_api")),
    path("", include("apps.catalog.urls_storefront")),
    *api_docs_urlpatterns,
]

if settings.DEBUG:
    # Local file storage in development; production serves media from S3 (or the proxy).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"
