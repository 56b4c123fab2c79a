"""E-mails of the marketplace to the store's staff: an import has finished (done or failed)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from apps.accounts import selectors as accounts_selectors
from apps.accounts.mail import mail_finish, mail_language, mail_sender

from .models import FeedImport


def feed_import_email_send(*, store, feed_import: FeedImport) -> bool:
    """Tell the user who started the import how it ended; False when there is nobody to tell."""
    if feed_import.started_by_id is None:
        return False
    user = accounts_selectors.dangerously_user_get_by_id(user_id=feed_import.started_by_id)
    if user is None or not user.email:
        return False
    sender = mail_sender(store=store)
    path = reverse("store:marketplace:import_detail", kwargs={"code": store.code, "pk": feed_import.pk})
    context = {"store_name": store.name, "feed_import": feed_import, "url": f"{sender.url}{path}"}
    with translation.override(mail_language(user)):
        subject = sender.subject(render_to_string("marketplace/email/feed_import_subject.txt", context).strip())
        text = render_to_string("marketplace/email/feed_import.txt", context)
    message = EmailMultiAlternatives(subject, text, sender.from_email, [user.email])
    mail_finish(message, sender=sender).send()
    return True
