from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """Merchant signup on the platform's public site (and, later, the mandatory setup wizard)."""

    name = "apps.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding")
