"""Points expiry, nightly: a card without activity (an earn or a redemption, see entry_post) for
programme.points_expiry_months loses its whole points balance in one EXPIRE entry. Before that,
programme.expiry_warning_days ahead, its customer gets one e-mail from the enrolled store, in its
name and language (the customer's own when their account has one); expiry_warned_at marks it, and
activity clears it (entry_post), so each period of inactivity warns once. Stamps do not expire."""

from __future__ import annotations

import calendar
import logging
from datetime import datetime, timedelta
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.mail import mail_finish, mail_language, mail_sender
from apps.core.audit import audit_record
from apps.tenancy import selectors as tenancy_selectors

from ..models import Card, Program, Transaction
from .ledger import Terminal, card_lock, entry_post

logger = logging.getLogger(__name__)


def months_before(when: datetime, months: int) -> datetime:
    """`when` moved back by whole calendar months (31 March - 1 month = 28 or 29 February)."""
    index = when.year * 12 + when.month - 1 - months
    year, month = divmod(index, 12)
    day = min(when.day, calendar.monthrange(year, month + 1)[1])
    return when.replace(year=year, month=month + 1, day=day)


def _expiring_program() -> Program | None:
    program = Program.objects.filter(key=1).first()
    if program is None or not program.is_active or not program.has_points or not program.points_expiry_months:
        return None
    return program


def _inactive_since(cutoff: datetime) -> Q:
    return Q(last_activity_at__lt=cutoff) | Q(last_activity_at__isnull=True, created_at__lt=cutoff)


class _Stores:
    """The merchant's stores by id, read once each."""

    def __init__(self) -> None:
        self._stores: dict[int, Any] = {}

    def get(self, store_id: int) -> Any:
        if store_id not in self._stores:
            self._stores[store_id] = tenancy_selectors.dangerously_store_get_by_id(store_id=store_id)
        return self._stores[store_id]


def _expire_one(card_id: int, cutoff: datetime, stores: _Stores) -> bool:
    with transaction.atomic():
        card = card_lock(card_id)
        last = card.last_activity_at or card.created_at
        if card.points_balance <= 0 or last >= cutoff:
            return False  # earned or redeemed meanwhile
        store = stores.get(card.enrolled_store_id)
        entry_post(
            card=card,
            terminal=Terminal(store=store),
            kind=Transaction.Kind.EXPIRE,
            points=-card.points_balance,
            reason=_("No activity since %(date)s") % {"date": last.date().isoformat()},
        )
        audit_record(actor=None, action="loyalty.points_expired", target=card.display_number, store=store)
    return True


def expire_points(*, now: datetime | None = None) -> int:
    """Expire the points of every card inactive for the programme's months; how many expired.
    Each card in its own transaction, under its lock, its inactivity checked again there."""
    program = _expiring_program()
    if program is None:
        return 0
    cutoff = months_before(now or timezone.now(), program.points_expiry_months)
    ids = Card.objects.filter(_inactive_since(cutoff), points_balance__gt=0).values_list("pk", flat=True)
    stores = _Stores()
    return sum(1 for card_id in list(ids) if _expire_one(card_id, cutoff, stores))


def expiry_warning_send(*, card: Card, store: Any, expires_at: datetime) -> bool:
    """The e-mail telling a customer their points expire on `expires_at` (False: no address)."""
    customer = card.customer
    if not customer.email:
        return False
    sender = mail_sender(store=store)
    with translation.override(store.language):
        language = mail_language(customer.user if customer.user_id else None)
    context = {
        "store_name": store.name,
        "card": card,
        "customer": customer,
        "points": card.points_balance,
        "expires_on": timezone.localtime(expires_at).date(),
        "url": sender.url,
    }
    with translation.override(language):
        subject = sender.subject(render_to_string("loyalty/email/expiry_warning_subject.txt", context).strip())
        text = render_to_string("loyalty/email/expiry_warning.txt", context)
    message = EmailMultiAlternatives(subject, text, sender.from_email, [customer.email])
    mail_finish(message, sender=sender).send()
    return True


def expiry_warnings_send(*, now: datetime | None = None) -> int:
    """Warn the customers whose points expire within the programme's warning days and who were
    not warned for this inactivity yet; how many were warned. The mark is set before the e-mail
    goes (a conditional UPDATE), so two runs never send it twice."""
    program = _expiring_program()
    if program is None:
        return 0
    now = now or timezone.now()
    horizon = months_before(now + timedelta(days=program.expiry_warning_days), program.points_expiry_months)
    due = Card.objects.filter(
        _inactive_since(horizon), points_balance__gt=0, is_active=True, expiry_warned_at__isnull=True
    ).select_related("customer__user")
    stores, sent = _Stores(), 0
    for card in due.iterator(chunk_size=500):
        if not Card.objects.filter(pk=card.pk, expiry_warned_at__isnull=True).update(expiry_warned_at=now):
            continue
        last = card.last_activity_at or card.created_at
        expires_at = months_before(last, -program.points_expiry_months)
        try:
            sent += expiry_warning_send(card=card, store=stores.get(card.enrolled_store_id), expires_at=expires_at)
        except Exception:  # one bad address or a mail server hiccup must not stop the others
            logger.exception("Expiry warning for card %s failed; tried again next night", card.pk)
            Card.objects.filter(pk=card.pk, expiry_warned_at=now).update(expiry_warned_at=None)
    return sent
