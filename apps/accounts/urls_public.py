"""The platform's sign-in for merchants, on the platform domain, in the `public` namespace."""

from django.urls import path

from .views.platform import PlatformSignInView

urlpatterns = [
    path("login/", PlatformSignInView.as_view(), name="login"),
]
