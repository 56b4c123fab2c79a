"""Translated texts: one input shape everywhere.

A service takes a translatable field as its texts by language code, e.g. the product's
``{"title": {"fr": "Chemise", "de": "Hemd"}}``: the languages given are set, the ones left out stay
as they are. Its errors name a text the same way, ``"title.fr"``. Models keep one column per
language (django-modeltranslation: ``title_fr``); only this module maps one to the other. Forms
and serializers convert what they read to this shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as translation_language

from apps.core.errors import ValidationFailed

Texts = dict[str, str]  # language code -> text
LANGS: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def text_field(field: str, lang: str) -> str:
    """How errors name one language of a translated field: "title.fr"."""
    return f"{field}.{lang}"


def _refuse(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def texts_clean(value: Any, *, field: str, max_length: int | None = None) -> Texts:
    """The texts of `field` as a service takes them: languages of settings.LANGUAGES only,
    strings (None counts as empty), stripped, at most `max_length` long. Anything else is refused
    (code invalid) on the text's name, e.g. "title.xx"."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _refuse(field, _('Send an object of language codes and texts, e.g. {"en": "…", "fr": "…"}.'))
    result: Texts = {}
    for lang, text in value.items():
        name = text_field(field, str(lang))
        if lang not in LANGS:
            raise _refuse(name, _("Unknown language; use one of: %(langs)s.") % {"langs": ", ".join(LANGS)})
        if text is not None and not isinstance(text, str):
            raise _refuse(name, _("Enter text."))
        text = (text or "").strip()
        if max_length is not None and len(text) > max_length:
            raise _refuse(name, _("Ensure this has at most %(n)d characters.") % {"n": max_length})
        result[lang] = text
    return result


def texts_of(instance: Model, field: str) -> Texts:
    """Every language's text of `field` on a model instance ("" where there is none)."""
    return {lang: getattr(instance, build_localized_fieldname(field, lang), None) or "" for lang in LANGS}


def texts_set(instance: Model, field: str, texts: Mapping[str, str], *, empty: str | None = "") -> None:
    """Set the languages given in `texts` on `instance`; an empty text is stored as `empty`."""
    for lang, text in texts.items():
        setattr(instance, build_localized_fieldname(field, lang), text or empty)


def texts_in_active_language(text: str) -> Texts:
    """A text given in the language of the request ("alt text"), in the texts shape."""
    return {translation_language(): text} if text else {}


def error_field(model: type[Model], name: str) -> str:
    """The name an error of a model's column goes by: "title_fr" -> "title.fr" for a translated
    field, any other name as it is."""
    for field in _translated_fields(model):
        for lang in LANGS:
            if name == build_localized_fieldname(field, lang):
                return text_field(field, lang)
    return name


def _translated_fields(model: type[Model]) -> Iterable[str]:
    try:
        return list(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()
