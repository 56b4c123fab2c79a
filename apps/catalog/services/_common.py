"""What the catalog's services share: error helpers, price parsing, the store lock, SKU checks and
turning database conflicts into the catalog's errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection
from django.db.models import Model
from django.db.models.functions import Upper
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from apps.core.errors import Conflict, ValidationFailed

from ..errors import CatalogErrorCode
from ..models import Product, Variant
from ..pricing import parse_price
from ..texts import error_field
from ..types import StoreRef

StrOrPromise = str | Promise
PRICE_FIELDS = ("price", "compare_at_price", "cost_price")


def invalid(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    """A refusal of one input field."""
    return ValidationFailed(message, code=code, fields={field: [message]})


def clean_prices(data: dict[str, Any]) -> None:
    """Parse the prices in `data` in place (empty optional prices become None)."""
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


def sku_taken(
    store: StoreRef, sku: str, *, exclude_product: int | None = None, exclude_variant: int | None = None
) -> bool:
    products = Product.objects.filter(store_id=store.id).annotate(u=Upper("sku")).filter(u=sku.upper())
    variants = Variant.objects.filter(store_id=store.id).annotate(u=Upper("sku")).filter(u=sku.upper())
    if exclude_product:
        products = products.exclude(pk=exclude_product)
        variants = variants.exclude(product_id=exclude_product, sku__iexact=sku)
    if exclude_variant:
        variants = variants.exclude(pk=exclude_variant)
    return products.exists() or variants.exists()


def validate_model(instance: Model, exclude: Iterable[str] = ()) -> None:
    """The model's own field checks, its errors named as the services' input names them."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        fields = {error_field(type(instance), name): messages for name, messages in exc.message_dict.items()}
        first = next(iter(fields.values()))[0]
        raise ValidationFailed(first, fields=fields) from None


@dataclass(frozen=True)
class ConflictError:
    """What a conflict is called in the catalog's errors: its code, the field it is on, the message."""

    code: CatalogErrorCode
    field: str
    message: StrOrPromise

    def error(self) -> Conflict:
        return Conflict(str(self.message), code=self.code, fields={self.field: [str(self.message)]})


SKU_TAKEN = ConflictError(CatalogErrorCode.SKU_TAKEN, "sku", _lazy("This SKU is already used in this store."))
BARCODE_TAKEN = ConflictError(
    CatalogErrorCode.BARCODE_TAKEN, "barcode", _lazy("This barcode is already used in this store.")
)
SLUG_TAKEN = ConflictError(
    CatalogErrorCode.SLUG_TAKEN, "slug", _lazy("This address is already used by another product.")
)

# The database constraints (models.py) a write can run into when another one got there first,
# and the error each stands for.
CONSTRAINT_ERRORS: dict[str, ConflictError] = {
    "product_sku_unique_per_store": SKU_TAKEN,
    "variant_sku_unique_per_store": SKU_TAKEN,
    "variant_barcode_unique_per_store": BARCODE_TAKEN,
    "product_slug_unique_per_store": SLUG_TAKEN,
}


def constraint_name(exc: IntegrityError) -> str:
    """The name of the constraint a write violated, as PostgreSQL reports it ("" if none)."""
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) or ""


def integrity_conflict(exc: IntegrityError) -> Conflict:
    """The catalog's error for a database conflict, recognised by the constraint's name."""
    known = CONSTRAINT_ERRORS.get(constraint_name(exc))
    if known is None:
        return Conflict(_("This change conflicts with another one. Please try again."))
    return known.error()


def sku_check_free(
    store: StoreRef, sku: str, *, exclude_product: int | None = None, exclude_variant: int | None = None
) -> None:
    """Refuse a SKU another product or variant of the store has, whatever the case (sku_taken).
    Two writes at once can both pass; the unique constraints then refuse one the same way."""
    if sku_taken(store, sku, exclude_product=exclude_product, exclude_variant=exclude_variant):
        raise SKU_TAKEN.error()


def store_lock(store: StoreRef, scope: str) -> None:
    """Serialise writes of one kind in one store until the transaction ends, where no row lock
    would do: counting rows before adding one, or names unique regardless of case."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"catalog.{scope}:{store.id}"])
