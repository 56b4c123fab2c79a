"""E-mails of the accounts app. Each task runs in the merchant schema it was queued from."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from apps.tenancy.routing import store_base_url
from apps.tenancy.selectors import store_get_by_id

from .models import Invitation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_send(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.filter(pk=invitation_id, status=Invitation.Status.PENDING).first()
    if invitation is None:
        return
    store = store_get_by_id(store_id=invitation.store_id)
    link = f"{store_base_url(store)}/store/{store.code}/invitations/{token}/"
    with translation.override(store.language):
        context = {
            "invitation": invitation,
            "store": store,
            "link": link,
            "inviter": invitation.invited_by,
            "PLATFORM_NAME": settings.PLATFORM_NAME,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
