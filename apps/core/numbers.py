"""Numbers as people type them and clients send them: plain decimal notation only.

Python's int() and Decimal() read far more than a price field should: "1_000", "1e3", "NaN",
"Infinity", full-width "１２" and Arabic-Indic "١٢" digits, " 12 ". Every number the platform takes
from outside (prices, amounts, percentages, quantities, ids) is read here instead: ASCII digits,
an optional leading sign, at most one decimal separator. Whether a negative number (or any
number) is acceptable is the caller's range to say: the form and serializer fields take
`min_value` and `max_value`. The form field and
the serializer field in apps.core (forms.PlainNumberField, api.fields.PlainNumberField) are built
on these two functions; services that take numbers from job parameters or query strings call them
directly.

The decimal separator is "." everywhere; form fields also take "," (what a French, German or
Luxembourgish keyboard types). Grouping separators are never accepted: "1.000" is one, "1,5" in a
form is one and a half.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Longer input is not a number anyone types; it also keeps int() and Decimal() cheap.
MAX_LENGTH = 40
# The largest id a primary key column holds (bigint).
MAX_ID = 2**63 - 1

_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)", re.ASCII)


class NotANumber(ValueError):
    """The input is not a plain number (or not one of the allowed kind)."""


def _text(value: object) -> str:
    if not isinstance(value, str) or len(value) > MAX_LENGTH:
        raise NotANumber(value)
    return value.strip(" \t")


def parse_integer(value: object) -> int:
    """An integer from an int (not a bool) or a string of ASCII digits with an optional leading
    "+" or "-". Raises NotANumber."""
    if isinstance(value, bool):
        raise NotANumber(value)
    if isinstance(value, int):
        return value
    text = _text(value)
    if _INTEGER.fullmatch(text) is None:
        raise NotANumber(value)
    return int(text)


def parse_decimal(value: object, *, comma: bool = False) -> Decimal:
    """A decimal from an int (not a bool), a finite float or Decimal, or a string in plain notation:
    ASCII digits with an optional leading "+" or "-" and "." as the decimal separator (also "," if
    `comma`). Raises NotANumber."""
    if isinstance(value, bool):
        raise NotANumber(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotANumber(value)
        return value
    # a float is read as it prints (19.9 -> "19.9"); 1e+300 is not plain notation
    text = repr(value) if isinstance(value, float) else _text(value)
    if _DECIMAL.fullmatch(text) is None or ("," in text and not comma):
        raise NotANumber(value)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        raise NotANumber(value) from None


def decimal_places(number: Decimal) -> int:
    """How many decimals a number needs ("1.50" needs 1, "1.00" and "100" none)."""
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
