"""Merchant signup: a company, its schema, its first store and subdomain, and the owner's account,
created together (tenancy makes the merchant and store, accounts the owner and their role).

A signup is limited per network address (limits.py) and starts unconfirmed: its storefront is
not public until the owner follows the link e-mailed to them, and a signup nobody confirms is
deleted after SIGNUP_CONFIRM_DAYS (signups_purge_unconfirmed, a beat task)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from apps.accounts import services as accounts_services
from apps.core.audit import audit_record
from apps.core.background import task_send_on_commit
from apps.core.errors import CoreErrorCode, Throttled, ValidationFailed
from apps.core.roles import Role
from apps.tenancy import selectors as tenancy_selectors
from apps.tenancy import services as tenancy_services

from .errors import OnboardingErrorCode
from .limits import signup_slot_release, signup_slot_take
from .wizard import progress_create

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.tenancy.models import Merchant, Store

CONFIRM_SALT = "onboarding.confirm"
# a new confirmation link at most this often per owner
CONFIRM_RESEND_SECONDS = 180


def _required(value: str, field: str, message: str) -> ValidationFailed | None:
    if (value or "").strip():
        return None
    return ValidationFailed(message, fields={field: [message]})


def _email_problem(email: str) -> ValidationFailed | None:
    try:
        validate_email(email)
    except DjangoValidationError:
        message = _("Enter a valid e-mail address.")
        return ValidationFailed(message, code=OnboardingErrorCode.EMAIL_INVALID, fields={"email": [message]})
    return None


def _signup_validate(
    *, company: str, store_name: str, store_code: str, owner_name: str, email: str, password: str
) -> tuple[str, str]:
    """The normalised store code and e-mail address, or one error naming every field at fault."""
    problems: list[ValidationFailed | None] = []
    code = ""
    try:
        code = tenancy_services.store_code_validate(store_code)
    except ValidationFailed as exc:
        problems.append(exc)
    problems.append(_required(company, "company", _("Enter your company's name.")))
    problems.append(_required(store_name, "store_name", _("Enter a name for your store.")))
    email = (email or "").strip().lower()
    problems.append(_email_problem(email))
    try:
        accounts_services.password_validate(password=password, email=email, full_name=owner_name)
    except ValidationFailed as exc:
        problems.append(exc)
    found = [problem for problem in problems if problem is not None]
    if found:
        raise _signup_error(found)
    return code, email


def _signup_error(problems: list[ValidationFailed]) -> ValidationFailed:
    """One error for the whole form: the first message in the order the form shows the fields;
    the code of the first problem that has its own (store code, e-mail, password)."""
    fields: dict[str, list[str]] = {}
    for problem in problems:
        fields.update(problem.fields)
    specific = [problem.code for problem in problems if problem.code != CoreErrorCode.INVALID]
    first = next(iter(fields.values()))[0]
    return ValidationFailed(first, code=specific[0] if specific else CoreErrorCode.INVALID, fields=fields)


def merchant_signup(
    *,
    company: str,
    store_name: str,
    store_code: str,
    owner_name: str,
    email: str,
    password: str,
    language: str = "en",
    send_welcome: bool = True,
    email_confirmed: bool = False,
    ip_address: str | None = None,
    onboarded: bool = False,
) -> tuple[Merchant, Store, User, str]:
    """Create a merchant with its schema, its first store and subdomain, and the owner account.

    All of it happens in one transaction (PostgreSQL DDL is transactional): a failure at any
    step leaves no merchant, schema, store, domain or user behind. Returns the merchant, the
    store, the owner and a one-time sign-in token for the store's domain.

    With `ip_address` (a signup from the web) the signups of that address are limited (Throttled
    says when to retry). Unless `email_confirmed` (the platform vouches for the address: demo
    data, tests) the merchant starts unconfirmed and, with `send_welcome`, the owner is sent the
    link that confirms it; a confirmed one is sent the welcome e-mail.

    The new store must go through the setup wizard (apps.onboarding.wizard) before its pages
    open, unless `onboarded` (the platform sets it up: demo data, tests).
    """
    code, email = _signup_validate(
        company=company,
        store_name=store_name,
        store_code=store_code,
        owner_name=owner_name,
        email=email,
        password=password,
    )
    slot = signup_slot_take(ip_address=ip_address) if ip_address else None
    try:
        return _signup_create(
            company=company.strip(),
            store_name=store_name.strip(),
            code=code,
            owner_name=owner_name.strip(),
            email=email,
            password=password,
            language=language if language in dict(settings.LANGUAGES) else "en",
            send_welcome=send_welcome,
            email_confirmed=email_confirmed,
            ip_address=ip_address,
            onboarded=onboarded,
        )
    except Exception:
        if slot:
            signup_slot_release(key=slot)
        raise


def _signup_create(
    *,
    company: str,
    store_name: str,
    code: str,
    owner_name: str,
    email: str,
    password: str,
    language: str,
    send_welcome: bool,
    email_confirmed: bool,
    ip_address: str | None,
    onboarded: bool,
) -> tuple[Merchant, Store, User, str]:
    with transaction.atomic():
        merchant, store = tenancy_services.merchant_create(
            name=company,
            contact_email=email,
            store_code=code,
            store_name=store_name,
            language=language,
            confirmed=email_confirmed,
        )
        if not onboarded:
            progress_create(store=store)
        with tenant_context(merchant):
            owner = accounts_services.user_create(
                email=email, password=password, full_name=owner_name, verified=email_confirmed
            )
            accounts_services.membership_set(user=owner, store=store, role=Role.OWNER)
            token = accounts_services.handoff_create(user=owner)
            audit_record(
                actor=owner,
                action="merchant.signup",
                target=merchant.name,
                store=store,
                merchant=merchant,
                ip_address=ip_address,
            )
            if send_welcome:
                task = "welcome_send" if email_confirmed else "signup_confirmation_send"
                task_send_on_commit(f"apps.onboarding.tasks.{task}", owner.pk, store.pk)
    return merchant, store, owner, token


# --- Confirming the owner's e-mail address -------------------------------------------------------


def signup_confirmation_token(*, merchant_id: int, user: User) -> str:
    """The token of the link that confirms `user`'s address for the merchant: signed, bound to the
    merchant, the user and the address, valid SIGNUP_CONFIRM_DAYS."""
    return signing.dumps({"m": merchant_id, "u": user.pk, "e": user.email}, salt=CONFIRM_SALT)


def signup_confirm(*, merchant: Merchant, user: User, token: str) -> Merchant:
    """The owner followed the link: their address is confirmed and the merchant's storefronts are
    public. Confirming again is harmless."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=timedelta(days=settings.SIGNUP_CONFIRM_DAYS))
    except signing.BadSignature:
        data = None
    if data != {"m": merchant.pk, "u": user.pk, "e": user.email}:
        raise ValidationFailed(
            _("This confirmation link is not valid for your account. Send yourself a new one from your dashboard."),
            code=OnboardingErrorCode.CONFIRMATION_INVALID,
        )
    with transaction.atomic():
        accounts_services.user_email_confirm(user=user)
        tenancy_services.merchant_confirm(actor=user, merchant=merchant)
    return merchant


def signup_confirmation_resend(*, merchant: Merchant, store: Store, user: User) -> None:
    """Send the confirmation link again, to the signed-in owner's own address."""
    if merchant.is_confirmed:
        return
    if not cache.add(f"onboarding:confirm-resend:{merchant.pk}:{user.pk}", 1, timeout=CONFIRM_RESEND_SECONDS):
        raise Throttled(
            _("We sent you a link a moment ago. Please check your inbox, or ask again in a few minutes."),
            code=OnboardingErrorCode.CONFIRMATION_TOO_SOON,
        )
    task_send_on_commit("apps.onboarding.tasks.signup_confirmation_send", user.pk, store.pk)


def signups_purge_unconfirmed(*, now=None) -> int:
    """Delete the signups whose owner did not confirm within SIGNUP_CONFIRM_DAYS: each merchant
    with its schema, users, stores and domains (platform-wide; run in the public schema)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SIGNUP_CONFIRM_DAYS)
    merchants = tenancy_selectors.dangerously_merchants_unconfirmed(created_before=cutoff)
    return sum(1 for merchant in merchants if tenancy_services.merchant_purge_unconfirmed(merchant=merchant))
