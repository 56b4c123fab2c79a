"""Query parameters of API lists that are numbers, read by the one number field of forms
(apps.core.forms.PlainNumberField): django-filter's NumberFilter reads with Decimal(), which takes
"1_000", "1e3" and "١٢"."""

from __future__ import annotations

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ..forms import PlainNumberField


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.Filter):
    """A whole number (an id, a count); `min_value` and `max_value` as the field takes them."""

    field_class = PlainNumberField


@extend_schema_field({"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$"})
class DecimalFilter(django_filters.Filter):
    """An amount with at most `decimal_places` decimals (default 2), "." as the separator (as in
    the API's bodies)."""

    field_class = PlainNumberField

    def __init__(self, *args, decimal_places: int = 2, **kwargs):
        super().__init__(*args, decimal_places=decimal_places, decimal_comma=False, **kwargs)
