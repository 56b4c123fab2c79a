"""The platform API of onboarding, on the platform domain at /api/v1/platform/ (platform staff)."""

from django.urls import re_path

from . import platform

urlpatterns = [
    re_path(
        r"^stores/(?P<code>[A-Za-z0-9-]+)/onboarding/skip/?$",
        platform.OnboardingSkipView.as_view(),
        name="api-platform-onboarding-skip",
    ),
]
