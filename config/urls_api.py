"""The DRF API, mounted at /api/v1/ on store domains (every module's API URL modules, see
apps.core.modules), and its documentation."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.core.modules import Surface, registry

urlpatterns = registry.urlpatterns(Surface.API)

api_docs_urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(urlconf="config.urls_tenant"), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
