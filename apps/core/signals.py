"""Mirror Django admin's own change log into the platform audit log."""

from django.contrib.admin.models import LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import AuditEvent


@receiver(post_save, sender=LogEntry, dispatch_uid="core.audit_admin_logentry")
def audit_admin_action(instance: LogEntry, created: bool, **kwargs) -> None:
    if not created:
        return
    action = {1: "admin.add", 2: "admin.change", 3: "admin.delete"}.get(instance.action_flag, "admin")
    AuditEvent.objects.create(
        actor_kind=AuditEvent.ActorKind.PLATFORM,
        actor_id=instance.user_id,
        actor_email=getattr(instance.user, "email", ""),
        action=action,
        target=f"{instance.content_type.model if instance.content_type else ''}: {instance.object_repr}"[:255],
        data={"message": instance.get_change_message()},
    )
