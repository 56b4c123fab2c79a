"""The serializer field every API input that is a number uses: prices, amounts, percentages,
quantities and ids (the form field's twin, apps.core.forms.PlainNumberField)."""

from __future__ import annotations

from decimal import Decimal
from typing import NoReturn

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from ..errors import ValidationFailed
from ..numbers import NotANumber, decimal_places, parse_decimal, parse_integer


class PlainNumberField(serializers.Field):
    """A number sent as a JSON number or a string in plain decimal notation (apps.core.numbers):
    ASCII digits, an optional sign, "." as the decimal separator; never "1_000", "1e3", "NaN",
    "１２" or "١٢". A JSON true or false is not a number; "" is null where null is allowed.

    An int when `decimal_places` is 0 (the default; a JSON number with a point is refused), else a
    Decimal with at most that many decimals. `min_value` and `max_value` bound it (an id beyond any
    column is simply not found). `error_code`: the error code a refused number answers with
    instead of `invalid` (the request's code and only error, as a service refusing it would
    answer); a value that is not a number or a string at all stays `invalid`."""

    # DRF's own wording (and so its translations); `error_messages` may replace any of them
    default_error_messages = {
        "invalid": _("A valid number is required."),
        "invalid_integer": _("A valid integer is required."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "max_decimal_places": _("Ensure that there are no more than {max_decimal_places} decimal places."),
    }

    def __init__(
        self,
        *,
        decimal_places: int = 0,
        min_value: int | Decimal | None = None,
        max_value: int | Decimal | None = None,
        error_code: str = "",
        **kwargs,
    ):
        self.decimal_places, self.min_value, self.max_value = decimal_places, min_value, max_value
        self.error_code = error_code
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> int | Decimal | None:
        invalid = "invalid" if self.decimal_places else "invalid_integer"
        if data == "" and self.allow_null:  # as a form sends "no value"
            return None
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail(invalid)
        try:
            number = parse_integer(data) if not self.decimal_places else parse_decimal(data)
        except NotANumber:
            self._refuse(invalid)
        if self.min_value is not None and number < self.min_value:
            self._refuse("min_value", min_value=self.min_value)
        if self.max_value is not None and number > self.max_value:
            self._refuse("max_value", max_value=self.max_value)
        if self.decimal_places and decimal_places(number) > self.decimal_places:
            self._refuse("max_decimal_places", max_decimal_places=self.decimal_places)
        return number

    def _refuse(self, key: str, **params) -> NoReturn:
        message = str(self.error_messages[key]).format(**params)
        if self.error_code:
            raise ValidationFailed(message, code=self.error_code, fields={self.field_name: [message]})
        raise serializers.ValidationError(message, code=key)

    def to_representation(self, value):
        return int(value) if not self.decimal_places else f"{Decimal(value):.{self.decimal_places}f}"


class PlainNumberFieldExtension(OpenApiSerializerFieldExtension):
    target_class = PlainNumberField
    match_subclasses = True

    def map_serializer_field(self, _auto_schema, _direction):
        field: PlainNumberField = self.target
        bounds = {
            key: value
            for key, value in (("minimum", field.min_value), ("maximum", field.max_value))
            if value is not None
        }
        if not field.decimal_places:
            return {"type": "integer", **{key: int(value) for key, value in bounds.items()}}
        sign = "-?" if field.min_value is None or field.min_value < 0 else ""
        return {
            "type": "string",
            "format": "decimal",
            "pattern": rf"^{sign}\d+(\.\d{{1,{field.decimal_places}}})?$",
            "description": "A number in plain notation, as a string (or a JSON number).",
        }
