"""URLs on the platform domain (public schema): marketing site, merchant signup, admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.tenancy.views import public as views
from config.urls_api import api_docs_urlpatterns

public_patterns = (
    [
        path("", views.HomeView.as_view(), name="home"),
        path("pricing/", views.PricingView.as_view(), name="pricing"),
        path("internal/tls-ask/", views.tls_ask, name="tls_ask"),
        path("", include("apps.onboarding.urls_public")),
    ],
    "public",
)

admin.site.site_header = admin.site.site_title = format_lazy(
    _("{platform} administration"), platform=settings.PLATFORM_NAME
)
admin.site.index_title = _("Platform")

urlpatterns = [
    path("", include(public_patterns)),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    *api_docs_urlpatterns,
]

handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"
