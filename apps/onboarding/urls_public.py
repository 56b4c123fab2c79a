"""Onboarding pages on the platform domain, in the `public` namespace."""

from django.urls import path

from .views import public as views

urlpatterns = [
    path("signup/", views.SignupView.as_view(), name="signup"),
]
