"""Merchant signup: a company, its schema, its first store and subdomain, and the owner's account,
created together (tenancy makes the merchant and store, accounts the owner and their role)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from apps.accounts import services as accounts_services
from apps.core.audit import audit_record
from apps.core.background import enqueue_on_commit
from apps.core.errors import CoreErrorCode, ValidationFailed
from apps.core.roles import Role
from apps.tenancy import services as tenancy_services

from .errors import OnboardingErrorCode
from .tasks import welcome_send

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.tenancy.models import Merchant, Store


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
    ip_address: str | None = None,
) -> tuple[Merchant, Store, User, str]:
    """Create a merchant with its schema, its first store and subdomain, and the owner account.

    All of it happens in one transaction (PostgreSQL DDL is transactional): a failure at any
    step leaves no merchant, schema, store, domain or user behind. Returns the merchant, the
    store, the owner and a one-time sign-in token for the store's domain.
    """
    code, email = _signup_validate(
        company=company,
        store_name=store_name,
        store_code=store_code,
        owner_name=owner_name,
        email=email,
        password=password,
    )
    with transaction.atomic():
        merchant, store = tenancy_services.merchant_create(
            name=company.strip(),
            contact_email=email,
            store_code=code,
            store_name=store_name.strip(),
            language=language if language in dict(settings.LANGUAGES) else "en",
        )
        with tenant_context(merchant):
            owner = accounts_services.user_create(email=email, password=password, full_name=owner_name.strip())
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
                enqueue_on_commit(welcome_send, owner.pk, store.pk)
    return merchant, store, owner, token
