"""Customers joining the programme themselves: on the store's join page, from their storefront
account and through the storefront API. The same rules everywhere: the programme is on, the
platform lets the merchant's customers join online, the terms are accepted, one card per e-mail
address, and a limit on how many cards one address may ask for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core import ratelimit
from apps.core.background import task_send_on_commit
from apps.core.errors import PermissionDenied, Throttled, ValidationFailed
from apps.orders import services as order_services
from apps.orders.models import Customer

from ..errors import LoyaltyErrorCode
from ..models import Card, Program
from .cards import card_enrol
from .policy import current_merchant_id, policy_for, program_required

JOIN_SCOPE = "loyalty_join"
JOIN_WINDOW_SECONDS = 3600
JOIN_PER_ADDRESS = 10  # cards one network address may ask for in an hour
WELCOME_TASK = "apps.loyalty.tasks.card_welcome_email"
NAME_MAX = 100
EMAIL_MAX = 254
REFERRAL_MAX = 16


@dataclass(frozen=True)
class JoinRequest:
    """What a customer gives to join (the page's form and the API's body, checked by
    join_request_clean)."""

    email: str
    first_name: str = ""
    last_name: str = ""
    terms_accepted: bool = False
    marketing_consent: bool = False
    referral_code: str = ""


def self_enrolment_check() -> Program:
    """The programme, when customers may join it themselves; else a clear refusal."""
    program = program_required()
    if not policy_for(current_merchant_id()).self_enrolment:
        raise PermissionDenied(
            _("Cards of this programme are given in our stores only: ask for one at the counter."),
            code=LoyaltyErrorCode.SELF_ENROLMENT_OFF,
        )
    return program


def join_request_clean(data: JoinRequest) -> JoinRequest:
    """The request with its texts trimmed, or every problem with it named by field."""
    email = data.email.strip() if isinstance(data.email, str) else ""
    fields: dict[str, list[str]] = {}
    try:
        if len(email) > EMAIL_MAX:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        fields["email"] = [_("Enter a valid e-mail address.")]
    names = {}
    for name in ("first_name", "last_name"):
        value = getattr(data, name)
        value = value.strip() if isinstance(value, str) else ""
        if len(value) > NAME_MAX:
            fields[name] = [_("At most %(n)s characters.") % {"n": NAME_MAX}]
        names[name] = value
    referral = data.referral_code.strip().upper() if isinstance(data.referral_code, str) else ""
    if len(referral) > REFERRAL_MAX:
        fields["referral_code"] = [_("This is not a referral code.")]
    if data.terms_accepted is not True:
        fields["terms_accepted"] = [_("Accept the programme's terms to join.")]
    if fields:
        raise ValidationFailed(_("Check the highlighted fields."), fields=fields)
    return JoinRequest(
        email=email,
        terms_accepted=True,
        marketing_consent=data.marketing_consent is True,
        referral_code=referral,
        **names,
    )


def join_slot_take(*, ip_address: str) -> None:
    """Count one join from this address, or refuse it saying when to try again."""
    source = ratelimit.address_key(ip_address)
    if ratelimit.window_hit(JOIN_SCOPE, source, seconds=JOIN_WINDOW_SECONDS) <= JOIN_PER_ADDRESS:
        return
    left = ratelimit.window_left(JOIN_WINDOW_SECONDS)
    retry_at = datetime.fromtimestamp(ratelimit.clock() + left, tz=UTC)
    raise Throttled(
        _("Too many cards were asked for from your network. Please try again in %(wait)s.")
        % {"wait": timeuntil(retry_at)},
        retry_after=left,
    )


def _email_owner_check(email: str, signed_in: Any) -> None:
    """Nobody joins with an e-mail address that is someone else's account: signed in, only with
    the account's own address (else the guest records of another address, their orders included,
    would be linked to the account); signed out, not with an address that has an account (else
    the card made for it, shown to whoever asked, would be linked to its owner's account)."""
    if signed_in is not None:
        if email.lower() != (signed_in.email or "").lower():
            raise ValidationFailed(
                _("Signed in, you join with your account's e-mail address, %(email)s.") % {"email": signed_in.email},
                code=LoyaltyErrorCode.EMAIL_NOT_YOURS,
                fields={"email": [_("Use your account's e-mail address.")]},
            )
        return
    has_account = (
        User.objects.filter(email__iexact=email).exists()
        or Customer.objects.filter(email__iexact=email, user__isnull=False).exists()
    )
    if has_account:
        raise PermissionDenied(
            _("This e-mail address has an account in this shop: sign in to join with it."),
            code=LoyaltyErrorCode.SIGN_IN_REQUIRED,
            fields={"email": [_("Sign in first.")]},
        )


def card_self_enrol(*, store: Any, data: JoinRequest, user: Any = None, language: str = "", ip_address: str) -> Card:
    """A card for a customer who joins on the store's domain (page or API): checked, counted
    against the address, linked to the signed-in account (else to the customer record of the
    e-mail), and welcomed by e-mail in the store's name once it is saved."""
    self_enrolment_check()
    clean = join_request_clean(data)
    join_slot_take(ip_address=ip_address)
    signed_in = user if user is not None and getattr(user, "is_authenticated", False) else None
    _email_owner_check(clean.email, signed_in)
    with transaction.atomic():
        card = card_enrol(
            store=store,
            email=clean.email,
            first_name=clean.first_name,
            last_name=clean.last_name,
            user=signed_in,
            language=language,
            marketing_consent=clean.marketing_consent or None,
            referral_code=clean.referral_code,
        )
        task_send_on_commit(WELCOME_TASK, card.pk)
    return card


def card_account_enrol(*, store: Any, user: Any, language: str = "", ip_address: str) -> tuple[Card, bool]:
    """One click from the storefront account: the account's card, made with its e-mail address
    and name. A card held by the account's guest record (same e-mail) is linked to the account
    instead, as checkout links the guest's orders. (card, made now)."""
    self_enrolment_check()
    with transaction.atomic():
        customer = order_services.customer_for_checkout(store=store, email=user.email, user=user, language=language)
        card = Card.objects.filter(customer=customer).first()
    if card is not None:
        return card, False
    first, _sep, last = (user.full_name or "").strip().partition(" ")
    data = JoinRequest(email=user.email, first_name=first[:NAME_MAX], last_name=last[:NAME_MAX], terms_accepted=True)
    return card_self_enrol(store=store, data=data, user=user, language=language, ip_address=ip_address), True
