from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.core.modules import Module, UrlMount, WizardStep
from apps.core.roles import Role


class OnboardingConfig(AppConfig):
    """Merchant signup on the platform's public site and the mandatory setup wizard of a new store."""

    name = "apps.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding")

    platform_module = Module(
        code="onboarding",
        name=_("Onboarding"),
        description=_("Merchant signup and the setup wizard."),
        switchable=False,
        order=30,
        permissions={
            # confirm the owner's e-mail address, which opens a new signup's storefront
            "onboarding.open": (Role.OWNER,),
            # go through the setup wizard of a new store
            "onboarding.setup": (Role.OWNER, Role.MANAGER),
        },
        public_urls=(
            UrlMount("apps.onboarding.urls_public"),
            UrlMount("apps.onboarding.api.urls_platform", prefix="api/v1/platform/"),
        ),
        store_urls=(UrlMount("apps.onboarding.urls_store"),),
        api_urls=(UrlMount("apps.onboarding.api.urls"),),
        wizard_steps=(
            WizardStep("merchant_profile", _("Merchant profile"), 10, "apps.onboarding.steps.MerchantProfileStep"),
        ),
    )
