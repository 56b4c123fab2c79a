"""The platform's own site on the platform domain, mounted at its root as "public" (merchant
signup is the onboarding module's)."""

from django.urls import path

from .views import public as views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("pricing/", views.PricingView.as_view(), name="pricing"),
    path("internal/tls-ask/", views.tls_ask, name="tls_ask"),
]
