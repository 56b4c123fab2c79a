"""Fields every serializer of the catalog API shares: translated texts, money, prices as sent,
VAT rates; and the error shape, for the schema."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from apps.core.api.fields import PlainNumberField
from apps.core.numbers import NotANumber, parse_decimal

from ...errors import CatalogErrorCode
from ...pricing import MAX_PRICE, VatRate

LANGS = [code for code, _name in settings.LANGUAGES]
MONEY = {"max_digits": 12, "decimal_places": 2}
PRICE_ERROR = gettext_lazy("Enter an amount of 0 or more with at most two decimals.")
PRICE_ERROR_KEYS = ("invalid", "min_value", "max_value", "max_decimal_places")


class Translations(serializers.Field):
    """Output: every language of a translated text, read from `<base>_<lang>` of the instance."""

    def __init__(self, base: str, **kwargs):
        self.base = base
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return {lang: getattr(instance, f"{self.base}_{lang}", "") or "" for lang in LANGS}


class TranslationsInput(serializers.Field):
    """Input: some languages of a translated text -> {lang: text}. Unknown language codes and
    texts over the column's length are refused."""

    def __init__(self, *, max_length: int | None = None, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                _('Send an object of language codes and texts, e.g. {"en": "…", "fr": "…"}.'), code="invalid"
            )
        errors, result = {}, {}
        for lang, text in data.items():
            if lang not in LANGS:
                errors[str(lang)] = [_("Unknown language; use one of: %(langs)s.") % {"langs": ", ".join(LANGS)}]
                continue
            if text is None:
                text = ""
            if not isinstance(text, str):
                errors[lang] = [_("Enter text.")]
                continue
            text = text.strip()
            if self.max_length and len(text) > self.max_length:
                errors[lang] = [_("Ensure this has at most %(n)d characters.") % {"n": self.max_length}]
                continue
            result[lang] = text
        if errors:
            raise serializers.ValidationError(errors)
        return result

    def to_representation(self, value):  # pragma: no cover - input only
        return value


class TranslationsExtension(OpenApiSerializerFieldExtension):
    target_class = Translations
    match_subclasses = True

    def map_serializer_field(self, _auto_schema, _direction):
        return {
            "type": "object",
            "properties": {lang: {"type": "string"} for lang in LANGS},
            "required": LANGS,
            "description": "One text per language code; empty string when not translated.",
        }


class TranslationsInputExtension(OpenApiSerializerFieldExtension):
    target_class = TranslationsInput
    match_subclasses = True

    def map_serializer_field(self, _auto_schema, _direction):
        string = {"type": "string"}
        if self.target.max_length:
            string["maxLength"] = self.target.max_length
        return {
            "type": "object",
            "properties": {lang: string for lang in LANGS},
            "additionalProperties": False,
            "description": "Texts by language code. Languages left out are left unchanged (empty on create).",
        }


class PriceInput(PlainNumberField):
    """A price as sent: a string (or a number) in plain notation with at most two decimals, not
    negative, within the price columns; anything else of a string or number is refused with the
    code `price_invalid`, as the services refuse it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {key: PRICE_ERROR for key in PRICE_ERROR_KEYS})
        super().__init__(
            decimal_places=2, min_value=0, max_value=MAX_PRICE, error_code=CatalogErrorCode.PRICE_INVALID, **kwargs
        )


class Money(serializers.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**MONEY, coerce_to_string=True, **kwargs)


class VatRateField(serializers.ChoiceField):
    """A VAT rate of Luxembourg, "17.00", "14.00", "8.00" or "3.00" (17 and 17.0 are read as 17.00)."""

    def __init__(self, **kwargs):
        super().__init__(choices=[(f"{rate:.2f}", str(label)) for rate, label in VatRate.choices], **kwargs)

    def to_internal_value(self, data):
        try:
            key = f"{parse_decimal(data).quantize(Decimal('0.01')):.2f}"
        except (NotANumber, InvalidOperation):
            self.fail("invalid_choice", input=data)
        return Decimal(super().to_internal_value(key))

    def to_representation(self, value):
        return f"{Decimal(value):.2f}"


def translated_max_length(model, base: str) -> int | None:
    return model._meta.get_field(base).max_length


def texts_input(model, base: str, **kwargs) -> TranslationsInput:
    return TranslationsInput(max_length=translated_max_length(model, base), **kwargs)


def absolute_url(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None and url.startswith("/") else url


def storage_url(name: str) -> str:
    return default_storage.url(name)
