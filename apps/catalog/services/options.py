"""Option types (size, colour ...) and their values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.audit import audit_record
from apps.core.errors import Conflict, ValidationFailed

from .. import limits
from ..cache import catalog_changed
from ..errors import CatalogErrorCode
from ..models import OptionType, OptionValue, Variant
from ..texts import LANGS, Texts, text_field, texts_clean, texts_of, texts_set
from ..types import Actor, StoreRef
from ._common import constraint_name, integrity_conflict, invalid, store_lock

# --- Option types ---------------------------------------------------------------------------------
# Names and values are texts per language (modeltranslation columns; NULL where not translated, so
# the per-language unique constraints leave untranslated rows alone). A name is unique in its store
# and a value within its type, whatever the case and in whichever language: "Size", "size" and
# another type's French "Size" would be the same choice to a customer. Every write of a store's
# option types takes one lock per store, so two of them cannot both pass these checks.

OPTION_TEXT_LENGTH = 60
Row = TypeVar("Row", OptionType, OptionValue)


class OptionValueChange(TypedDict, total=False):
    """One value in option_type_update's list: `id` keeps an existing value (renamed by the
    languages of `value` it gives), no `id` adds one."""

    id: int
    value: Texts


def _merge_texts(current: Texts, given: Texts | None, *, field: str) -> Texts:
    """`given` over `current`, checked and stripped; languages left out of `given` stay."""
    return {**current, **texts_clean(given, field=field)}


def _set_texts(instance: OptionType | OptionValue, field: str, texts: Texts) -> None:
    """Every language of `field`: NULL where there is no text (see above)."""
    texts_set(instance, field, {lang: texts.get(lang, "") for lang in LANGS}, empty=None)


def _folded(texts: Texts) -> set[str]:
    return {text.casefold() for text in texts.values() if text}


def _check_texts(texts: Texts, *, field: str, empty_message: str, empty_field: str = "") -> None:
    if not any(texts.values()):
        raise invalid(empty_field or field, empty_message)
    for lang, text in texts.items():
        if len(text) > OPTION_TEXT_LENGTH:
            raise invalid(
                text_field(field, lang) if field == "name" else field,
                _("Ensure this has at most %(n)d characters.") % {"n": OPTION_TEXT_LENGTH},
            )


# Per-language unique constraints (modeltranslation adds "-en", "-fr" ... to these names).
NAME_CONSTRAINT = "option_type_unique_per_store"
VALUE_CONSTRAINT = "option_value_unique"


def _name_taken(name: str) -> Conflict:
    message = _("Another option of this store is already called “%(name)s”.") % {"name": name}
    return Conflict(message, code=CatalogErrorCode.OPTION_TYPE_NAME_TAKEN, fields={"name": [message]})


def _name_conflict(exc: IntegrityError, names: Texts) -> Conflict:
    """A name another option type took meanwhile (its constraint), or another conflict."""
    if constraint_name(exc).startswith(NAME_CONSTRAINT):
        return _name_taken(next(t for t in names.values() if t))
    return integrity_conflict(exc)


def _check_name_free(store: StoreRef, texts: Texts, *, exclude: int | None = None) -> None:
    wanted = _folded(texts)
    for other in OptionType.objects.filter(store_id=store.id).exclude(pk=exclude):
        for text in texts_of(other, "name").values():
            if text and text.casefold() in wanted:
                raise _name_taken(text)


def _check_type_room(store: StoreRef) -> int:
    """How many option types the store has; refused when it cannot take one more."""
    count = OptionType.objects.filter(store_id=store.id).count()
    if count >= limits.MAX_OPTION_TYPES_PER_STORE:
        raise ValidationFailed(
            ngettext(
                "A store can have at most %(max)d option.",
                "A store can have at most %(max)d options.",
                limits.MAX_OPTION_TYPES_PER_STORE,
            )
            % {"max": limits.MAX_OPTION_TYPES_PER_STORE},
            code=CatalogErrorCode.TOO_MANY_OPTION_TYPES,
        )
    return count


def _too_many_values() -> ValidationFailed:
    message = ngettext(
        "An option can have at most %(max)d value.",
        "An option can have at most %(max)d values.",
        limits.MAX_VALUES_PER_OPTION_TYPE,
    ) % {"max": limits.MAX_VALUES_PER_OPTION_TYPE}
    return ValidationFailed(message, code=CatalogErrorCode.TOO_MANY_OPTION_VALUES, fields={"values": [message]})


def _check_values(values: list[Texts]) -> None:
    """Every value has a text, and no two share one."""
    if len(values) > limits.MAX_VALUES_PER_OPTION_TYPE:
        raise _too_many_values()
    seen: set[str] = set()
    for index, texts in enumerate(values):
        field = f"values.{index}.value"
        _check_texts(texts, field=field, empty_message=_("Enter a value."))
        folded = _folded(texts)
        clash = folded & seen
        if clash:
            text = next(t for t in texts.values() if t and t.casefold() in clash)
            message = _("“%(value)s” is in the list twice.") % {"value": text}
            raise ValidationFailed(message, code=CatalogErrorCode.OPTION_VALUE_DUPLICATE, fields={field: [message]})
        seen |= folded


def _in_use(value_ids: Iterable[int]) -> QuerySet:
    """Links from variants to these option values."""
    return Variant.option_values.through.objects.filter(optionvalue_id__in=list(value_ids))


@transaction.atomic
def option_type_create(
    *, store: StoreRef, actor: Actor | None, name: Texts, values: list[Texts] | None = None
) -> OptionType:
    """A new option type ("Size") with its values in order (each {language: text})."""
    names = _merge_texts({}, name, field="name")
    _check_texts(names, field="name", empty_message=_("Enter a name."), empty_field=text_field("name", store.language))
    texts = [_merge_texts({}, value, field=f"values.{index}.value") for index, value in enumerate(values or [])]
    _check_values(texts)
    store_lock(store, "option_types")
    position = _check_type_room(store)
    _check_name_free(store, names)
    option_type = OptionType(store_id=store.id, position=position)
    _set_texts(option_type, "name", names)
    try:
        with transaction.atomic():
            option_type.save()
            for index, value_texts in enumerate(texts):
                value = OptionValue(option_type=option_type, position=index)
                _set_texts(value, "value", value_texts)
                value.save()
    except IntegrityError as exc:
        raise _name_conflict(exc, names) from None
    audit_record(
        actor=actor,
        action="catalog.option_type_create",
        target=option_type.name,
        store=store,
        data={"values": len(texts)},
    )
    catalog_changed(store.id)
    return option_type


@transaction.atomic
def option_type_update(
    *,
    store: StoreRef,
    option_type: OptionType,
    actor: Actor | None,
    name: Texts | None = None,
    values: list[OptionValueChange] | None = None,
) -> OptionType:
    """Rename an option type (the languages given; the others stay) and/or set its values.
    `values`, when given, is the whole list in its new order: {"id": 3, "value": {...}} keeps (and
    may rename) an existing value, {"value": {...}} adds one, and a value left out is deleted
    unless a variant uses it (then nothing changes)."""
    store_lock(store, "option_types")
    changed: list[str] = []
    if name is not None:
        merged = _merge_texts(texts_of(option_type, "name"), name, field="name")
        _check_texts(
            merged, field="name", empty_message=_("Enter a name."), empty_field=text_field("name", store.language)
        )
        _check_name_free(store, merged, exclude=option_type.pk)
        _set_texts(option_type, "name", merged)
        try:
            with transaction.atomic():
                option_type.save()
        except IntegrityError as exc:
            raise _name_conflict(exc, merged) from None
        changed.append("name")
    if values is not None:
        _values_replace(option_type, values)
        changed.append("values")
    audit_record(
        actor=actor, action="catalog.option_type_update", target=option_type.name, store=store, data={"fields": changed}
    )
    catalog_changed(store.id)
    return option_type


Plan = list[tuple[OptionValue | None, Texts]]  # each value in its new order (None: new) with its texts


def _values_replace(option_type: OptionType, values: list[OptionValueChange]) -> None:
    # Locked so no variant can take up a value between the check below and its deletion.
    current = {v.pk: v for v in OptionValue.objects.select_for_update().filter(option_type=option_type).order_by("pk")}
    if len(values) > limits.MAX_VALUES_PER_OPTION_TYPE:
        raise _too_many_values()
    plan = _values_plan(current, values)
    _check_values([texts for _value, texts in plan])
    kept = {value.pk for value, _texts in plan if value is not None}
    removed = [value for pk, value in current.items() if pk not in kept]
    _check_unused(removed)
    OptionValue.objects.filter(pk__in=[value.pk for value in removed]).delete()
    _values_write(option_type, plan)


def _values_plan(current: dict[int, OptionValue], values: list[OptionValueChange]) -> Plan:
    plan: Plan = []
    kept: set[int] = set()
    for index, item in enumerate(values):
        field, pk = f"values.{index}.value", item.get("id")
        if pk is None:
            plan.append((None, _merge_texts({}, item.get("value"), field=field)))
            continue
        if pk not in current:
            raise invalid(f"values.{index}.id", _("This option has no such value."))
        if pk in kept:
            raise invalid(f"values.{index}.id", _("Each value only once."), CatalogErrorCode.OPTION_VALUE_DUPLICATE)
        kept.add(pk)
        plan.append((current[pk], _merge_texts(texts_of(current[pk], "value"), item.get("value"), field=field)))
    return plan


def _check_unused(removed: list[OptionValue]) -> None:
    """Values no variant uses, or a conflict naming those that are."""
    used = set(_in_use(v.pk for v in removed).values_list("optionvalue_id", flat=True))
    if used:
        names = ", ".join(f"“{value.value}”" for value in removed if value.pk in used)
        message = ngettext(
            "%(values)s is used by variants: change or delete those variants first.",
            "%(values)s are used by variants: change or delete those variants first.",
            len(used),
        ) % {"values": names}
        raise Conflict(message, code=CatalogErrorCode.OPTION_VALUE_IN_USE, fields={"values": [message]})


def _values_write(option_type: OptionType, plan: Plan) -> None:
    """Write the values that are new or changed (text or place)."""
    try:
        with transaction.atomic():
            for index, (value, texts) in enumerate(plan):
                if value is not None and value.position == index and texts_of(value, "value") == texts:
                    continue
                value = value or OptionValue(option_type=option_type)
                value.position = index
                _set_texts(value, "value", texts)
                value.save()
    except IntegrityError as exc:
        if not constraint_name(exc).startswith(VALUE_CONSTRAINT):
            raise integrity_conflict(exc) from None
        # e.g. two values swapping their texts: each clashes with the other on the way
        message = _("Two values would have the same text on the way there; rename them one at a time.")
        raise Conflict(message, code=CatalogErrorCode.OPTION_VALUE_DUPLICATE, fields={"values": [message]}) from None


@transaction.atomic
def option_type_delete(*, store: StoreRef, option_type: OptionType, actor: Actor | None) -> None:
    """Delete an option type and its values, unless a variant uses one of them."""
    store_lock(store, "option_types")
    value_ids = list(
        OptionValue.objects.select_for_update()
        .filter(option_type=option_type)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    variants = _in_use(value_ids).values("variant_id").distinct().count()
    if variants:
        message = ngettext(
            "“%(name)s” is used by %(count)d variant: change or delete it first.",
            "“%(name)s” is used by %(count)d variants: change or delete them first.",
            variants,
        ) % {"name": option_type.name, "count": variants}
        raise Conflict(message, code=CatalogErrorCode.OPTION_TYPE_IN_USE)
    name = str(option_type.name)
    option_type.delete()
    audit_record(actor=actor, action="catalog.option_type_delete", target=name, store=store)
    catalog_changed(store.id)


def _matching(rows: Iterable[Row], field: str, text: str) -> Row | None:
    """The row whose text in some language is `text`, whatever the case: an exact match first."""
    folded = text.casefold()
    exact = next((row for row in rows if text in texts_of(row, field).values()), None)
    return exact or next((row for row in rows if folded in _folded(texts_of(row, field))), None)


def _value_get_or_create(option_type: OptionType, existing: list[OptionValue], text: str) -> tuple[OptionValue, bool]:
    """The value of `existing` matching `text`, or a new one added to it; and whether it is new."""
    text = text.strip()[:OPTION_TEXT_LENGTH]
    if not text:
        raise invalid("value", _("Enter a value."))
    value = _matching(existing, "value", text)
    if value is not None:
        return value, False
    if len(existing) >= limits.MAX_VALUES_PER_OPTION_TYPE:
        raise _too_many_values()
    value = OptionValue.objects.create(option_type=option_type, value=text, position=len(existing))
    existing.append(value)
    return value, True


@transaction.atomic
def option_values_get_or_create(
    *, store: StoreRef, name: str, values: list[str], actor: Actor | None = None
) -> tuple[OptionType, list[OptionValue]]:
    """The option type called `name` and its values `values`, matched as names are kept unique
    (any language, any case), the missing ones made in the active language. For pages and loaders
    that name options as they go ("Size: XL")."""
    name = name.strip()[:OPTION_TEXT_LENGTH]
    if not name:
        raise invalid("name", _("Enter a name."))
    store_lock(store, "option_types")
    option_type = _matching(OptionType.objects.filter(store_id=store.id), "name", name)
    created = option_type is None
    if option_type is None:
        option_type = OptionType(store_id=store.id, name=name, position=_check_type_room(store))
        option_type.save()
        audit_record(actor=actor, action="catalog.option_type_create", target=name, store=store)
    existing = list(OptionValue.objects.filter(option_type=option_type))
    found, added = [], 0
    for text in values:
        value, new = _value_get_or_create(option_type, existing, text)
        found.append(value)
        added += new
    if added and not created:
        audit_record(
            actor=actor,
            action="catalog.option_type_update",
            target=option_type.name,
            store=store,
            data={"fields": ["values"], "added": added},
        )
    if created or added:
        catalog_changed(store.id)
    return option_type, found


def option_type_get_or_create(
    *, store: StoreRef, name: str, values: list[str], actor: Actor | None = None
) -> OptionType:
    return option_values_get_or_create(store=store, name=name, values=values, actor=actor)[0]
