"""URLs on a store's domain (merchant schema). The project's own routes come first; then every
module's store pages under /store/<code>/, its API under /api/v1/ and, last (so a module's
catch-all page can never hide a project route), its storefront at the root. Modules declare their
URL modules in their AppConfig (see apps.core.modules)."""

from django.conf import settings
from django.urls import include, path, re_path

from apps.core.modules import Surface, registry
from apps.core.views import FaviconView, language_set, tenant_media
from config.urls_api import api_docs_urlpatterns

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", language_set, name="set_language"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("store/<str:code>/", include(registry.urlpatterns(Surface.STORE))),
    path("api/v1/", include("config.urls_api")),
    *api_docs_urlpatterns,
]

if not settings.AWS_STORAGE_BUCKET_NAME:
    # Local file storage (development): each domain serves its own merchant's files only.
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", tenant_media))

urlpatterns += registry.urlpatterns(Surface.STOREFRONT)

handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"
