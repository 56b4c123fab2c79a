"""The DRF API, mounted at /api/v1/ on store domains (every module's API URL modules, see
apps.core.modules), and its documentation."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core.modules import Surface, registry

urlpatterns = registry.urlpatterns(Surface.API)

api_docs_urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(urlconf="config.urls_tenant"), name="api-schema"),
    # The split view serves its start-up script from ?script, so the page needs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
