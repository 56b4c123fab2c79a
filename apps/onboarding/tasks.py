"""E-mails and cleanup of onboarding. The e-mails run in the merchant schema they were queued
from; the cleanup is a beat task in the public schema."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from apps.accounts import selectors as accounts_selectors
from apps.tenancy import selectors as tenancy_selectors
from apps.tenancy.routing import store_base_url

from . import services


def _send_as_store(store, user, template: str, context: dict) -> None:
    """Mail `user` in the store's language, from the store's name at the platform's address."""
    base = store_base_url(store)
    with translation.override(store.language):
        context = {
            "user": user,
            "store": store,
            "backoffice_url": f"{base}/store/{store.code}/",
            "storefront_url": f"{base}/",
            "PLATFORM_NAME": settings.PLATFORM_NAME,
            **context,
        }
        subject = render_to_string(f"onboarding/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"onboarding/email/{template}.txt", context)
    sender = formataddr((store.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))
    send_mail(subject, body, sender, [user.email])


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def welcome_send(user_id: int, store_id: int) -> None:
    """Welcome a new merchant owner whose address needs no confirmation."""
    user = accounts_selectors.dangerously_user_get_by_id(user_id=user_id)
    if user is None:
        return
    store = tenancy_selectors.dangerously_store_get_by_id(store_id=store_id)
    _send_as_store(store, user, "welcome", {})


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def signup_confirmation_send(user_id: int, store_id: int) -> None:
    """Send a new owner the link that confirms their address and opens their store."""
    user = accounts_selectors.dangerously_user_get_by_id(user_id=user_id)
    if user is None:
        return
    store = tenancy_selectors.dangerously_store_get_by_id(store_id=store_id)
    if store.merchant.is_confirmed:
        return
    token = services.signup_confirmation_token(merchant_id=store.merchant_id, user=user)
    confirm_url = f"{store_base_url(store)}/store/{store.code}/confirm/{token}/"
    _send_as_store(store, user, "confirm", {"confirm_url": confirm_url, "confirm_days": settings.SIGNUP_CONFIRM_DAYS})


@shared_task
def signups_purge_unconfirmed() -> int:
    """Beat: delete the signups nobody confirmed in time (public schema)."""
    return services.signups_purge_unconfirmed()
