from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyPlatformConfig(AppConfig):
    """Loyalty's tables in the public schema (platform admins' settings per merchant and the
    programme directory). A separate Django app because django-tenants migrates whole apps into
    either the public or the merchants' schemas."""

    name = "apps.loyalty.platform"
    label = "loyalty_platform"
    verbose_name = _("Loyalty (platform)")
