"""The platform's own site on the platform domain, mounted at its root as "public"."""

from django.urls import path

from .views import public as views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("pricing/", views.PricingView.as_view(), name="pricing"),
    path("signup/", views.SignupView.as_view(), name="signup"),
    path("internal/tls-ask/", views.tls_ask, name="tls_ask"),
]
