from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Module, UrlMount


class OnboardingConfig(AppConfig):
    """Merchant signup on the platform's public site (and, later, the mandatory setup wizard)."""

    name = "apps.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding")

    platform_module = Module(
        code="onboarding",
        name=_("Onboarding"),
        description=_("Merchant signup and the setup wizard."),
        switchable=False,
        order=30,
        public_urls=(UrlMount("apps.onboarding.urls_public"),),
    )
