"""E-mails of the accounts app. Each task runs in the merchant schema it was queued from."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import Invitation, User


def _store_for(store_id: int):
    from apps.tenancy.selectors import store_get_by_id

    return store_get_by_id(store_id=store_id)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_send(self, invitation_id: int, token: str) -> None:
    from apps.tenancy.routing import store_base_url

    invitation = Invitation.objects.filter(pk=invitation_id, status=Invitation.Status.PENDING).first()
    if invitation is None:
        return
    store = _store_for(invitation.store_id)
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


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def welcome_send(self, user_id: int, store_id: int) -> None:
    """Welcome a new merchant owner; sent from the merchant's own schema."""
    from apps.tenancy.routing import store_base_url

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    store = _store_for(store_id)
    base = store_base_url(store)
    with translation.override(store.language):
        context = {
            "user": user,
            "store": store,
            "backoffice_url": f"{base}/store/{store.code}/",
            "storefront_url": f"{base}/",
            "PLATFORM_NAME": settings.PLATFORM_NAME,
        }
        subject = render_to_string("accounts/email/welcome_subject.txt", context).strip()
        body = render_to_string("accounts/email/welcome.txt", context)
    send_mail(subject, body, None, [user.email])
