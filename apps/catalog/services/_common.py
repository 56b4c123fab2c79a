"""What the catalog's services share: error helpers, price parsing, the store lock, SKU checks and
turning database conflicts into the catalog's errors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from apps.core.errors import Conflict, ValidationFailed

from ..errors import CatalogErrorCode
from ..models import Product, Variant
from ..pricing import parse_price
from ..texts import error_field

LANGS = [code for code, _name in settings.LANGUAGES]
PRICE_FIELDS = ("price", "compare_at_price", "cost_price")


def invalid(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: [message]})


def clean_prices(data: dict[str, Any]) -> None:
    for field in PRICE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if value in (None, "") and field != "price":
            data[field] = None
            continue
        try:
            data[field] = parse_price(value)
        except ValueError:
            raise invalid(
                field, _("Enter an amount of 0 or more with at most two decimals."), CatalogErrorCode.PRICE_INVALID
            ) from None


def sku_taken(store, sku: str, *, exclude_product: int | None = None, exclude_variant: int | None = None) -> bool:
    products = Product.objects.filter(store_id=store.id).annotate(u=Upper("sku")).filter(u=sku.upper())
    variants = Variant.objects.filter(store_id=store.id).annotate(u=Upper("sku")).filter(u=sku.upper())
    if exclude_product:
        products = products.exclude(pk=exclude_product)
        variants = variants.exclude(product_id=exclude_product, sku__iexact=sku)
    if exclude_variant:
        variants = variants.exclude(pk=exclude_variant)
    return products.exists() or variants.exists()


def validate_model(instance, exclude=()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        fields = {error_field(type(instance), name): messages for name, messages in exc.message_dict.items()}
        first = next(iter(fields.values()))[0]
        raise ValidationFailed(first, fields=fields) from None


def integrity_conflict(exc: IntegrityError) -> Conflict:
    text = str(exc)
    if "sku" in text:
        return Conflict(
            _("This SKU is already used in this store."),
            code=CatalogErrorCode.SKU_TAKEN,
            fields={"sku": [_("This SKU is already used in this store.")]},
        )
    if "barcode" in text:
        return Conflict(
            _("This barcode is already used in this store."),
            code=CatalogErrorCode.BARCODE_TAKEN,
            fields={"barcode": [_("This barcode is already used in this store.")]},
        )
    if "slug" in text:
        return Conflict(
            _("This address is already used by another product."),
            code=CatalogErrorCode.SLUG_TAKEN,
            fields={"slug": [_("This address is already used by another product.")]},
        )
    return Conflict(_("This change conflicts with another one. Please try again."))


def store_lock(store, scope: str) -> None:
    """Serialise writes of one kind in one store until the transaction ends, where no row lock
    would do: counting rows before adding one, or names unique regardless of case."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"catalog.{scope}:{store.id}"])
