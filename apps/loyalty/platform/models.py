"""The platform's side of loyalty, in the public schema: what platform admins decide per
merchant, and a directory of every merchant's programme for the admin's lists and analytics
(kept by the merchant's services, refreshed nightly)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MerchantLoyaltyPolicy(models.Model):
    class PinPolicy(models.TextChoices):
        MERCHANT = "merchant", _("The merchant decides")
        REQUIRED = "required", _("Always required")

    merchant = models.OneToOneField(
        "tenancy.Merchant", on_delete=models.CASCADE, related_name="loyalty_policy", verbose_name=_("merchant")
    )
    pin_policy = models.CharField(_("staff PIN"), max_length=10, choices=PinPolicy.choices, default=PinPolicy.MERCHANT)
    self_enrolment = models.BooleanField(_("customers may join online"), default=True)
    voids_allowed = models.BooleanField(_("voids allowed"), default=True)
    cross_store_redemption = models.BooleanField(_("rewards redeemable in every store"), default=True)
    order_reference_required = models.BooleanField(_("order reference required at the till"), default=False)
    ip_logging = models.BooleanField(_("log the terminal's IP address"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("merchant loyalty settings")
        verbose_name_plural = _("merchant loyalty settings")

    def __str__(self) -> str:
        return str(self.merchant)


class ProgramDirectory(models.Model):
    merchant = models.OneToOneField(
        "tenancy.Merchant", on_delete=models.CASCADE, related_name="loyalty_directory", verbose_name=_("merchant")
    )
    name = models.CharField(_("programme"), max_length=80)
    kind = models.CharField(_("type"), max_length=8)
    is_active = models.BooleanField(_("on"), default=True)
    members = models.PositiveIntegerField(_("members"), default=0)
    active_members = models.PositiveIntegerField(_("active members (30 days)"), default=0)
    transactions_30d = models.PositiveIntegerField(_("transactions (30 days)"), default=0)
    points_issued_30d = models.BigIntegerField(_("points issued (30 days)"), default=0)
    stamps_issued_30d = models.BigIntegerField(_("stamps issued (30 days)"), default=0)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("figures from"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["merchant__name"]
        verbose_name = _("loyalty programme")
        verbose_name_plural = _("loyalty programmes")

    def __str__(self) -> str:
        return self.name
