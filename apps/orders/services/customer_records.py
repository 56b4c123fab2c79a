"""Customer records as the merchant's staff keep them: create and change a customer (e-mail unique
within the merchant whatever its case, phone number checked, language, marketing consent with
when it was given, notes) and its address book (one default shipping and one default billing
address). Customers belong to the merchant (its schema), so every store of it shares them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import Conflict, ValidationFailed

from ..addresses import address_clean, phone_clean
from ..errors import OrdersErrorCode
from ..models import Address, Customer
from ..types import StoreRef
from .sequences import CUSTOMER_SEQUENCE, sequence_next

CUSTOMER_FIELDS = ("email", "first_name", "last_name", "phone", "language", "marketing_consent", "notes")
NAME_LENGTH = 100
NOTES_LENGTH = 5000
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _email_taken() -> Conflict:
    message = _("Another customer already has this e-mail address.")
    return Conflict(message, code=OrdersErrorCode.CUSTOMER_EMAIL_TAKEN, fields={"email": [message]})


def _text(value: Any, name: str, length: int, errors: dict[str, list[str]]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[name] = [_("Enter text.")]
        return ""
    value = value.strip()
    if len(value) > length:
        errors[name] = [_("At most %(count)d characters.") % {"count": length}]
    return value


def _clean_email(value: Any, errors: dict[str, list[str]]) -> str:
    email = _text(value, "email", 254, errors)
    if "email" in errors:
        return email
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid e-mail address.")]
    return email


def _clean_phone(value: Any, errors: dict[str, list[str]]) -> str:
    text = _text(value, "phone", 32, errors)
    try:
        return phone_clean(text)
    except ValueError:
        errors["phone"] = [_("Enter a valid phone number, e.g. +352 621 123 456.")]
        return text


def _clean_language(value: Any, errors: dict[str, list[str]]) -> str:
    if value not in LANGUAGES:
        errors["language"] = [_("Choose a language from the list.")]
    return value


def _clean_consent(value: Any, errors: dict[str, list[str]]) -> bool:
    if not isinstance(value, bool):
        errors["marketing_consent"] = [_("Answer yes or no.")]
        return False
    return value


CLEANERS = {
    "email": _clean_email,
    "first_name": lambda value, errors: _text(value, "first_name", NAME_LENGTH, errors),
    "last_name": lambda value, errors: _text(value, "last_name", NAME_LENGTH, errors),
    "phone": _clean_phone,
    "language": _clean_language,
    "marketing_consent": _clean_consent,
    "notes": lambda value, errors: _text(value, "notes", NOTES_LENGTH, errors),
}


def customer_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """The customer fields given in `data` cleaned, or ValidationFailed naming each bad field.
    Unknown keys are ignored."""
    errors: dict[str, list[str]] = {}
    clean = {name: CLEANERS[name](data[name], errors) for name in CUSTOMER_FIELDS if name in data}
    if errors:
        raise ValidationFailed(_("Please check the customer's details."), fields=errors)
    return clean


def _check_email_free(email: str, *, exclude: int | None = None) -> None:
    taken = Customer.objects.filter(email__iexact=email)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise _email_taken()


def _consent(customer: Customer, given: bool) -> None:
    if given != customer.marketing_consent or (given and customer.marketing_consent_at is None):
        customer.marketing_consent_at = timezone.now() if given else None
    customer.marketing_consent = given


def _save(customer: Customer, **kwargs: Any) -> None:
    """Save; the unique e-mail constraint refusing it (a concurrent write) is customer_email_taken."""
    try:
        with transaction.atomic():
            customer.save(**kwargs)
    except IntegrityError as exc:
        diag = getattr(exc.__cause__, "diag", None)
        if getattr(diag, "constraint_name", "") == "customer_email_unique":
            raise _email_taken() from None
        raise


@transaction.atomic
def customer_create(*, store: StoreRef, actor: Any, data: Mapping[str, Any]) -> Customer:
    """A new customer of the merchant, first seen at `store`. `data`: the CUSTOMER_FIELDS
    (email required; language defaults to the store's)."""
    values = customer_clean({"language": store.language, **data})
    if not values.get("email"):
        message = _("Enter the customer's e-mail address.")
        raise ValidationFailed(message, fields={"email": [message]})
    _check_email_free(values["email"])
    consent = values.pop("marketing_consent", False)
    customer = Customer(first_store_id=store.id, **values)
    _consent(customer, consent)
    customer.number = sequence_next(CUSTOMER_SEQUENCE)
    _save(customer)
    audit_record(actor=actor, action="orders.customer_create", target=customer.display_number, store=store)
    return customer


@transaction.atomic
def customer_update(*, store: StoreRef, actor: Any, customer: Customer, data: Mapping[str, Any]) -> Customer:
    """Change the fields given in `data` (the others are kept)."""
    values = customer_clean(data)
    if "email" in values:
        if not values["email"]:
            message = _("Enter the customer's e-mail address.")
            raise ValidationFailed(message, fields={"email": [message]})
        _check_email_free(values["email"], exclude=customer.pk)
    if "marketing_consent" in values:
        _consent(customer, values.pop("marketing_consent"))
    for name, value in values.items():
        setattr(customer, name, value)
    _save(customer)
    audit_record(
        actor=actor,
        action="orders.customer_update",
        target=customer.display_number,
        store=store,
        data={"fields": sorted(data.keys() & set(CUSTOMER_FIELDS))},
    )
    return customer


# --- addresses ------------------------------------------------------------------------------------


def _set_defaults(address: Address, *, default_shipping: bool | None, default_billing: bool | None) -> None:
    """Make `address` the default as asked, taking the flag from the customer's other addresses."""
    others = Address.objects.filter(customer_id=address.customer_id).exclude(pk=address.pk)
    if default_shipping:
        others.filter(is_default_shipping=True).update(is_default_shipping=False)
    if default_billing:
        others.filter(is_default_billing=True).update(is_default_billing=False)
    if default_shipping is not None:
        address.is_default_shipping = default_shipping
    if default_billing is not None:
        address.is_default_billing = default_billing


def _lock(customer: Customer) -> None:
    """Serialise address book changes of one customer (the one-default constraints)."""
    Customer.objects.select_for_update().filter(pk=customer.pk).values_list("pk", flat=True).first()


@transaction.atomic
def address_add(
    *,
    store: StoreRef,
    actor: Any,
    customer: Customer,
    data: Mapping[str, Any],
    default_shipping: bool = False,
    default_billing: bool = False,
) -> Address:
    """A new address of the customer; its first address is the default for both."""
    clean = address_clean(data, prefix="address")
    _lock(customer)
    first = not Address.objects.filter(customer_id=customer.pk).exists()
    address = Address(customer=customer, **clean)
    address.save()
    _set_defaults(address, default_shipping=default_shipping or first, default_billing=default_billing or first)
    address.save(update_fields=["is_default_shipping", "is_default_billing", "updated_at"])
    audit_record(actor=actor, action="orders.address_add", target=customer.display_number, store=store)
    return address


@transaction.atomic
def address_update(
    *,
    store: StoreRef,
    actor: Any,
    address: Address,
    data: Mapping[str, Any] | None = None,
    default_shipping: bool | None = None,
    default_billing: bool | None = None,
) -> Address:
    """Change the address (all its fields when `data` is given) and which default it is."""
    _lock(address.customer)
    if data is not None:
        for name, value in address_clean(data, prefix="address").items():
            setattr(address, name, value)
    _set_defaults(address, default_shipping=default_shipping, default_billing=default_billing)
    address.save()
    audit_record(actor=actor, action="orders.address_update", target=address.customer.display_number, store=store)
    return address


@transaction.atomic
def address_delete(*, store: StoreRef, actor: Any, address: Address) -> None:
    """Delete the address; a default it was passes to the customer's oldest other address.
    Orders keep their own copy of addresses, so none changes."""
    customer = address.customer
    _lock(customer)
    was_shipping, was_billing = address.is_default_shipping, address.is_default_billing
    address.delete()
    heir = Address.objects.filter(customer_id=customer.pk).order_by("id").first()
    if heir is not None and (was_shipping or was_billing):
        _set_defaults(heir, default_shipping=was_shipping or None, default_billing=was_billing or None)
        heir.save(update_fields=["is_default_shipping", "is_default_billing", "updated_at"])
    audit_record(actor=actor, action="orders.address_delete", target=customer.display_number, store=store)
