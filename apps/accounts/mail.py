"""E-mails sent on a store's behalf: from the store's name at the platform's no-reply address, with
replies going to the store's public contact address when it has one, the subject starting with the
store's name, the body ending with its name and address, and an HTML part made from the text part
(one text to write and translate per e-mail). On the platform's own domain the platform is the
sender. `StoreMailAdapterMixin` applies all of it to every e-mail django-allauth sends."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from allauth.core import context as allauth_context
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from apps.tenancy.routing import platform_base_url, store_base_url

HTML_LAYOUT = "account/email/layout.html"


@dataclass(frozen=True)
class Sender:
    name: str
    url: str  # the store's (or platform's) address, for links and the signature
    reply_to: tuple[str, ...] = ()

    @property
    def from_email(self) -> str:
        """`"<name>" <no-reply address>`; Django encodes a name that is not ASCII."""
        quoted = self.name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{quoted}" <{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}>'

    def subject(self, subject: str) -> str:
        return f"{self.name}: {subject}"


def mail_sender(*, store: Any = None, request: Any = None) -> Sender:
    """Who an e-mail comes from: `store` (the request's store by default), else the platform."""
    store = store if store is not None else getattr(request, "store", None)
    if store is None:
        return Sender(name=settings.PLATFORM_NAME, url=platform_base_url(request))
    reply_to = (store.contact_email,) if store.contact_email else ()
    return Sender(name=store.name, url=store_base_url(store, request), reply_to=reply_to)


def mail_html(*, sender: Sender, subject: str, text: str) -> str:
    """The HTML part of an e-mail: its text part, links made clickable, under the sender's name."""
    context = {"store_name": sender.name, "store_url": sender.url, "subject": subject, "text": text}
    return render_to_string(HTML_LAYOUT, context)


def mail_finish(message: EmailMessage, *, sender: Sender) -> EmailMessage:
    """Reply-To and the HTML part (unless the e-mail has its own) on a rendered e-mail."""
    message.reply_to = list(sender.reply_to)
    if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
        message.attach_alternative(mail_html(sender=sender, subject=message.subject, text=message.body), "text/html")
    return message


def mail_language(user: Any = None) -> str:
    """The recipient's own language when their profile has one, else the page's: the visitor's
    choice or, by default, the store's (apps.tenancy.middleware.StoreLocaleMiddleware)."""
    return getattr(user, "language", "") or translation.get_language() or settings.LANGUAGE_CODE


class StoreMailAdapterMixin:
    """For the allauth account adapter: every e-mail it sends (confirmation, password reset, notices)
    comes from the store of the request, in the recipient's language, with `store_name` and
    `store_url` in the templates' context (templates/account/email/)."""

    def mail_sender(self) -> Sender:
        return mail_sender(request=allauth_context.request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        sender = self.mail_sender()
        context = {**context, "store_name": sender.name, "store_url": sender.url}
        with translation.override(mail_language(context.get("user"))):
            super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject: str) -> str:
        return self.mail_sender().subject(str(subject))

    def get_from_email(self) -> str:
        return self.mail_sender().from_email

    def render_mail(self, template_prefix: str, email: Any, context: dict, headers: dict | None = None) -> EmailMessage:
        message = super().render_mail(template_prefix, email, context, headers=headers)
        return mail_finish(message, sender=self.mail_sender())
