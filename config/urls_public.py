"""URLs on the platform domain (public schema): the admin and platform staff's accounts here, then every
module's public URL modules (marketing site, merchants' sign-in and signup ...; see apps.core.modules)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from apps.core.modules import Surface, registry
from apps.core.views import FaviconView, language_set
from config.urls_api import api_docs_urlpatterns

admin.site.site_header = admin.site.site_title = format_lazy(
    _("{platform} administration"), platform=settings.PLATFORM_NAME
)
admin.site.index_title = _("Platform")

urlpatterns = [
    path("admin/", admin.site.urls),
    # Accounts here are platform staff, who sign in at /admin/: merchants sign in from /login/
    # (a link to each of their stores) and sign up at /signup/.
    path("accounts/login/", RedirectView.as_view(pattern_name="public:login")),
    path("accounts/signup/", RedirectView.as_view(pattern_name="public:signup")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", language_set, name="set_language"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    *api_docs_urlpatterns,
    *registry.urlpatterns(Surface.PUBLIC),
]

handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"
