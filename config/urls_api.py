"""The DRF API, mounted at /api/v1/ on store domains, and its documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.accounts.api import urls as accounts_api
from apps.jobs import api as jobs_api

urlpatterns = [
    *accounts_api.auth_urlpatterns,
    path("store/", include(accounts_api.store_urlpatterns)),
    path("store/", include(jobs_api.store_urlpatterns)),
    path("storefront/", include(accounts_api.storefront_urlpatterns)),
    path("", include("apps.catalog.api.urls")),
]

api_docs_urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(urlconf="config.urls_tenant"), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
