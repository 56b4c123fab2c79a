from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what, platform-wide. Lives in the public schema so that platform admins see the
    actions of their own staff and of every merchant's staff in one place. The actor is kept as
    id + e-mail because merchant users live in their merchant's schema."""

    class ActorKind(models.TextChoices):
        PLATFORM = "platform", _("Platform staff")
        MERCHANT = "merchant", _("Merchant user")
        SYSTEM = "system", _("System")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor_kind = models.CharField(_("actor kind"), max_length=16, choices=ActorKind.choices)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_email = models.EmailField(_("actor"), blank=True)
    # Plain ids, not foreign keys: core sits below tenancy and knows no merchants or stores. The
    # audit row also outlives the merchant or store it names.
    merchant_id = models.BigIntegerField(_("merchant"), null=True, blank=True)
    store_id = models.BigIntegerField(_("store"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target = models.CharField(_("target"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["merchant_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email or self.actor_kind} {self.action}"
