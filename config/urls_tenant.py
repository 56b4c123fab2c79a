"""URLs on a store's domain (merchant schema): storefront, store back office, API."""

from django.conf import settings
from django.urls import include, path, re_path

from apps.accounts.views.storefront import AccountView
from apps.catalog.views.storefront import HomeView
from apps.core.views import tenant_media
from config.urls_api import api_docs_urlpatterns

store_patterns = (
    [
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

if not settings.AWS_STORAGE_BUCKET_NAME:
    # Local file storage (development): each domain serves its own merchant's files only.
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", tenant_media))

handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"
