"""Cards: numbers, enrolment (at the till, on the join page, from the storefront account) and
finding a card by its number or by what its QR code carries."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import Conflict, NotFound, ValidationFailed
from apps.orders import services as order_services

from ..errors import LoyaltyErrorCode
from ..models import Card, Referral, Transaction
from .ledger import Terminal, entry_post
from .policy import program_required

QR_PREFIX = "LOYALTY:"
_DIGITS = re.compile(r"^[0-9]{12}$")
_REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return str((10 - total % 10) % 10)


def card_number_new() -> str:
    body = "".join(secrets.choice("0123456789") for _i in range(11))
    return body + _luhn_digit(body)


def card_number_clean(text: Any) -> str:
    """The 12 digits of a card number typed with or without spaces and dashes; refused when it
    is not one (wrong length, or the check digit does not match)."""
    raw = re.sub(r"[\s-]", "", text) if isinstance(text, str) else ""
    if not _DIGITS.match(raw) or _luhn_digit(raw[:11]) != raw[11]:
        raise ValidationFailed(
            _("That is not a card number: it has 12 digits, like 1234-5678-9012."),
            code=LoyaltyErrorCode.CARD_NOT_FOUND,
            fields={"number": [_("Check the card number.")]},
        )
    return raw


def card_number_from_qr(payload: Any) -> str:
    text = payload.strip() if isinstance(payload, str) else ""
    if not text.upper().startswith(QR_PREFIX):
        raise ValidationFailed(
            _("This QR code is not one of our loyalty cards."),
            code=LoyaltyErrorCode.QR_INVALID,
            fields={"qr": [_("Scan the QR code on the customer's card.")]},
        )
    try:
        return card_number_clean(text[len(QR_PREFIX) :])
    except ValidationFailed as error:
        raise ValidationFailed(
            _("This QR code is damaged or not one of our loyalty cards."), code=LoyaltyErrorCode.QR_INVALID
        ) from error


def card_find(*, number: Any = None, qr: Any = None, for_update: bool = False) -> Card:
    """The merchant's card with this number (typed) or QR payload (scanned)."""
    digits = card_number_from_qr(qr) if qr not in (None, "") else card_number_clean(number)
    qs = Card.objects.select_for_update() if for_update else Card.objects
    card = qs.select_related("customer", "tier").filter(number=digits).first()
    if card is None:
        raise NotFound(_("No card with the number %(n)s.") % {"n": digits}, code=LoyaltyErrorCode.CARD_NOT_FOUND)
    return card


def _referral_code() -> str:
    return "".join(secrets.choice(_REFERRAL_ALPHABET) for _i in range(8))


def card_enrol(
    *,
    store: Any,
    terminal: Terminal | None = None,
    email: str,
    first_name: str = "",
    last_name: str = "",
    user: Any = None,
    language: str = "",
    marketing_consent: bool | None = None,
    referral_code: str = "",
) -> Card:
    """A card for this customer (made or linked by e-mail or account, in orders), with the
    programme's welcome bonus. One card per customer: enrolling an e-mail that already has a card
    is refused with `already_enrolled`."""
    program = program_required()
    with transaction.atomic():
        customer = order_services.customer_for_checkout(
            store=store,
            email=email,
            user=user,
            first_name=first_name,
            last_name=last_name,
            language=language,
            marketing_consent=marketing_consent,
        )
        if Card.objects.filter(customer=customer).exists():
            raise Conflict(
                _("%(email)s already has a card in this programme.") % {"email": customer.email},
                code=LoyaltyErrorCode.ALREADY_ENROLLED,
                fields={"email": [_("This e-mail address is already enrolled.")]},
            )
        referrer = (
            Card.objects.filter(referral_code=referral_code.strip().upper()).first()
            if referral_code and program.referrals_enabled
            else None
        )
        card = _card_create(customer=customer, store=store, referrer=referrer)
        term = terminal or Terminal(store=store)
        if program.welcome_bonus_points or program.welcome_bonus_stamps:
            entry_post(
                card=card,
                terminal=term,
                kind=Transaction.Kind.WELCOME,
                stamps=program.welcome_bonus_stamps if program.has_stamps else 0,
                points=program.welcome_bonus_points if program.has_points else 0,
            )
        if referrer is not None:
            Referral.objects.create(referrer=referrer, friend=card)
        audit_record(actor=term.user, action="loyalty.card_enrolled", target=card.display_number, store=store)
    return card


def _card_create(*, customer: Any, store: Any, referrer: Card | None) -> Card:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Card.objects.create(
                    number=card_number_new(),
                    customer=customer,
                    enrolled_store_id=store.id,
                    referral_code=_referral_code(),
                    referred_by=referrer,
                )
        except IntegrityError as error:
            name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "") or ""
            if "customer" in name:
                raise Conflict(
                    _("This customer already has a card."), code=LoyaltyErrorCode.ALREADY_ENROLLED
                ) from error
    raise Conflict(_("Could not give the card a number; try again."))
