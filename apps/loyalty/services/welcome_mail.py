"""The welcome e-mail of a new card: from the store the customer joined at (its name, never the
platform's: apps.accounts.mail), in the customer's language (the store's unless they chose
another), with the card number and what the programme gives."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from apps.accounts.mail import mail_finish, mail_sender
from apps.tenancy.selectors import dangerously_store_get_by_id

from ..models import Card, Program

ACCOUNT_PATH = "/account/loyalty/"  # storefront:loyalty_account


def card_welcome_email_send(*, card_id: int) -> bool:
    """Send the card's welcome e-mail; False when there is nobody to send it to."""
    card = Card.objects.select_related("customer").filter(pk=card_id).first()
    program = Program.objects.filter(key=1).first()
    if card is None or program is None or not card.customer.email or card.customer.email.endswith(".invalid"):
        return False
    store = dangerously_store_get_by_id(store_id=card.enrolled_store_id)
    sender = mail_sender(store=store)
    language = card.customer.language or store.language
    context = {
        "card": card,
        "customer": card.customer,
        "program": program,
        "store": store,
        "store_name": sender.name,
        "store_url": sender.url,
        "account_url": f"{sender.url}{ACCOUNT_PATH}",
    }
    with translation.override(language):
        subject = sender.subject(render_to_string("loyalty/email/welcome_subject.txt", context).strip())
        text = render_to_string("loyalty/email/welcome.txt", context)
        message = EmailMultiAlternatives(
            subject, text, sender.from_email, [card.customer.email], headers={"Content-Language": language}
        )
        mail_finish(message, sender=sender)  # the HTML part, in the same language
    message.send()
    return True
