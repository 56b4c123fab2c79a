"""E-mails of onboarding. Each task runs in the merchant schema it was queued from."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from apps.accounts import selectors as accounts_selectors
from apps.tenancy import selectors as tenancy_selectors
from apps.tenancy.routing import store_base_url


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def welcome_send(user_id: int, store_id: int) -> None:
    """Welcome a new merchant owner; sent from the merchant's own schema."""
    user = accounts_selectors.user_get_by_id(user_id=user_id)
    if user is None:
        return
    store = tenancy_selectors.store_get_by_id(store_id=store_id)
    base = store_base_url(store)
    with translation.override(store.language):
        context = {
            "user": user,
            "store": store,
            "backoffice_url": f"{base}/store/{store.code}/",
            "storefront_url": f"{base}/",
            "PLATFORM_NAME": settings.PLATFORM_NAME,
        }
        subject = render_to_string("onboarding/email/welcome_subject.txt", context).strip()
        body = render_to_string("onboarding/email/welcome.txt", context)
    send_mail(subject, body, None, [user.email])
