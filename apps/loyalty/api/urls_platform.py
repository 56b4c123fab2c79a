"""The platform API of loyalty, on the platform domain at /api/v1/platform/ (platform staff)."""

from django.urls import path

from . import platform

urlpatterns = [
    path("loyalty/programs/", platform.ProgramListView.as_view(), name="api-platform-loyalty-programs"),
    path("loyalty/stats/", platform.PlatformStatsView.as_view(), name="api-platform-loyalty-stats"),
    path(
        "loyalty/merchants/<int:merchant_id>/settings/",
        platform.MerchantPolicyView.as_view(),
        name="api-platform-loyalty-merchant-settings",
    ),
]
