"""Apple's pass web service, under /api/v1/loyalty/apple/ (the pass's webServiceURL)."""

from django.urls import path

from .apple import LatestPassView, LogView, RegistrationView, UpdatedPassesView

urlpatterns = [
    path(
        "v1/devices/<str:device>/registrations/<str:pass_type>/<str:serial>",
        RegistrationView.as_view(),
        name="loyalty_apple_registration",
    ),
    path(
        "v1/devices/<str:device>/registrations/<str:pass_type>",
        UpdatedPassesView.as_view(),
        name="loyalty_apple_updated",
    ),
    path("v1/passes/<str:pass_type>/<str:serial>", LatestPassView.as_view(), name="loyalty_apple_pass"),
    path("v1/log", LogView.as_view(), name="loyalty_apple_log"),
]
