"""E-mails of the accounts app. Each task runs in the schema it was queued from: a merchant's for
invitations, the public one for the platform's sign-in links. Services queue them by name."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from apps.core.background import for_each_merchant_schema
from apps.tenancy.routing import store_base_url
from apps.tenancy.selectors import dangerously_store_get_by_id

from . import services
from .models import Invitation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_send(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.filter(pk=invitation_id, status=Invitation.Status.PENDING).first()
    if invitation is None:
        return
    store = dangerously_store_get_by_id(store_id=invitation.store_id)
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


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def signin_links_send(email: str, language: str) -> None:
    """The platform's sign-in e-mail: a link to each store of `email`; nothing when it has none.
    In the account's own language, else in the one the request was made in."""
    stores = services.signin_links_make(email=email)
    if not stores:
        return
    own = next((found.language for found in stores if found.language), "")
    with translation.override(own or language):
        context = {
            "stores": stores,
            "minutes": services.SIGNIN_LINK_SECONDS // 60,
            "PLATFORM_NAME": settings.PLATFORM_NAME,
        }
        subject = render_to_string("accounts/email/signin_links_subject.txt", context).strip()
        body = render_to_string("accounts/email/signin_links.txt", context)
    send_mail(subject, body, None, [email])


@shared_task(ignore_result=True)
def login_links_purge() -> int:
    """Beat (public schema): delete used and expired sign-in link records in every merchant's
    schema. Returns how many went."""
    return sum(deleted for _schema, deleted in for_each_merchant_schema(services.login_links_purge))
