"""What the platform's page forms share: the number field every form uses for prices, amounts,
percentages, quantities and ids, and putting an ApplicationError's messages on a form."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .errors import ApplicationError
from .numbers import MAX_LENGTH, NotANumber, decimal_places, parse_decimal, parse_integer


def add_error_to_form(form: forms.Form, error: ApplicationError, *, field_map: dict | None = None) -> None:
    field_map = field_map or {}
    placed = False
    for name, messages in error.fields.items():
        target = field_map.get(name, name)
        if target in form.fields:
            for message in messages:
                form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


class PlainNumberField(forms.Field):
    """A number typed in plain decimal notation (apps.core.numbers): ASCII digits, an optional
    sign, "." or "," as the decimal separator; never "1_000", "1e3", "１２" or "١٢".

    Cleans to an int when `decimal_places` is 0 (the default), else to a Decimal with at most that
    many decimals (`decimal_comma=False`: "." only, as the API's query parameters take it).
    `min_value` and `max_value` bound it; a negative number is refused by the lower bound, so give
    one wherever a sign makes no sense (prices, quantities, ids)."""

    default_error_messages = {
        "invalid": _("Enter a number."),
        "invalid_integer": _("Enter a whole number."),
        "max_decimal_places": ngettext_lazy(
            "Ensure that there are no more than %(max)s decimal place.",
            "Ensure that there are no more than %(max)s decimal places.",
            "max",
        ),
    }

    def __init__(
        self,
        *,
        decimal_places: int = 0,
        min_value: int | Decimal | None = None,
        max_value: int | Decimal | None = None,
        decimal_comma: bool = True,
        **kwargs,
    ):
        self.decimal_places, self.min_value, self.max_value = decimal_places, min_value, max_value
        self.decimal_comma = decimal_comma
        if "widget" not in kwargs:
            kwargs["widget"] = forms.TextInput if decimal_places else forms.NumberInput
        super().__init__(**kwargs)
        if min_value is not None:
            self.validators.append(MinValueValidator(min_value))
        if max_value is not None:
            self.validators.append(MaxValueValidator(max_value))

    def to_python(self, value) -> int | Decimal | None:
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        try:
            if not self.decimal_places:
                return parse_integer(value)
            number = parse_decimal(value, comma=self.decimal_comma)
        except NotANumber:
            raise forms.ValidationError(
                self.error_messages["invalid" if self.decimal_places else "invalid_integer"], code="invalid"
            ) from None
        if decimal_places(number) > self.decimal_places:
            message = self.error_messages["max_decimal_places"]
            # a message of the form's own may hold a plain "%" ("between -99.99 % and ...")
            params = {"max": self.decimal_places} if "%(max)" in str(message) else None
            raise forms.ValidationError(message, code="max_decimal_places", params=params)
        return number

    def has_changed(self, initial, data) -> bool:
        """Compared as numbers: "19.9" typed over an initial "19.90" is no change."""
        if self.disabled:
            return False
        try:
            before = self.to_python(initial)
        except forms.ValidationError:
            before = initial
        try:
            return self.to_python(data) != before
        except forms.ValidationError:
            return True

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.NumberInput):
            attrs.setdefault("step", "1" if not self.decimal_places else f"{Decimal(1).scaleb(-self.decimal_places)}")
            if self.min_value is not None:
                attrs.setdefault("min", str(self.min_value))
            if self.max_value is not None:
                attrs.setdefault("max", str(self.max_value))
        elif not widget.is_hidden:
            attrs.setdefault("inputmode", "decimal" if self.decimal_places else "numeric")
            attrs.setdefault("maxlength", str(MAX_LENGTH))
        return attrs
