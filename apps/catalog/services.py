"""Writes to the catalog: products, variants, categories, bulk changes.

Stock goes through inventory.py, images through media.py. Every write validates, is atomic,
refreshes the search document of what it touched and bumps the store's catalog version after
commit (cache.py), so storefront listings follow.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from apps.core.audit import audit_record
from apps.core.errors import Conflict, NotFound, ValidationFailed
from apps.jobs.services import job_queue

from .cache import catalog_changed
from .errors import CatalogErrorCode
from .models import Category, InventoryItem, OptionType, OptionValue, Product, Variant
from .pricing import VatRate, parse_price
from .search import product_search_refresh

LANGS = [code for code, _name in settings.LANGUAGES]
TRANSLATED = ("title", "description", "seo_title", "seo_description")
PRODUCT_FIELDS = {
    "sku",
    "gtin",
    "brand",
    "slug",
    "status",
    "price",
    "compare_at_price",
    "cost_price",
    "vat_rate",
    "weight_grams",
    "is_featured",
    *(f"{field}_{lang}" for field in TRANSLATED for lang in LANGS),
}
PRICE_FIELDS = ("price", "compare_at_price", "cost_price")

# The API returns a product's variants, the category tree and the option types with their values
# whole, unpaginated; these bounds keep them small. (Images: media.MAX_IMAGES_PER_PRODUCT.)
MAX_VARIANTS_PER_PRODUCT = 100
MAX_CATEGORIES_PER_STORE = 1_000
MAX_OPTION_TYPES_PER_STORE = 100
MAX_VALUES_PER_OPTION_TYPE = 100


def _invalid(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: [message]})


def _clean_prices(data: dict[str, Any]) -> None:
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
            raise _invalid(
                field, _("Enter an amount of 0 or more with at most two decimals."), CatalogErrorCode.PRICE_INVALID
            ) from None


def _sku_taken(store, sku: str, *, exclude_product: int | None = None, exclude_variant: int | None = None) -> bool:
    products = Product.objects.filter(store_id=store.id).annotate(u=Upper("sku")).filter(u=sku.upper())
    variants = Variant.objects.filter(store_id=store.id).annotate(u=Upper("sku")).filter(u=sku.upper())
    if exclude_product:
        products = products.exclude(pk=exclude_product)
        variants = variants.exclude(product_id=exclude_product, sku__iexact=sku)
    if exclude_variant:
        variants = variants.exclude(pk=exclude_variant)
    return products.exists() or variants.exists()


def _unique_slug(store, base: str, *, exclude: int | None = None) -> str:
    base = (slugify(base) or "product")[:200]
    taken = set(
        Product.objects.filter(store_id=store.id, slug__startswith=base)
        .exclude(pk=exclude)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _validate(instance, exclude=()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        fields = exc.message_dict
        first = next(iter(fields.values()))[0]
        raise ValidationFailed(first, fields=fields) from None


def _integrity_to_conflict(exc: IntegrityError) -> Conflict:
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


def _default_title(product: Product, store) -> str:
    return getattr(product, f"title_{store.language}", "") or next(
        (getattr(product, f"title_{lang}") for lang in LANGS if getattr(product, f"title_{lang}", "")), product.sku
    )


def _initial_stock(store, variant: Variant, stock: int, actor) -> None:
    """Opening stock goes through the ledger like any other receipt."""
    if stock:
        from .inventory import stock_adjust

        stock_adjust(
            store=store, variant_id=variant.pk, delta=stock, reason="received", actor=actor, note=_("Opening stock")
        )


def _store_lock(store, scope: str) -> None:
    """Serialise writes of one kind in one store until the transaction ends, where no row lock
    would do: counting rows before adding one, or names unique regardless of case."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"catalog.{scope}:{store.id}"])


def _categories_of(store, category_ids) -> list[Category]:
    ids = {int(pk) for pk in category_ids or []}
    found = list(Category.objects.filter(store_id=store.id, pk__in=ids))
    if len(found) != len(ids):
        raise _invalid("categories", _("Unknown category."))
    return found


def price_range_refresh(product_ids) -> None:
    """Recompute what the cheapest and dearest variant of these products sell for (one
    statement; a variant without a price of its own sells for the product's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_product p SET price_min = r.low, price_max = r.high FROM ("
            "  SELECT q.id, min(COALESCE(v.price, q.price)) AS low, max(COALESCE(v.price, q.price)) AS high"
            "  FROM catalog_product q LEFT JOIN catalog_variant v ON v.product_id = q.id"
            "  WHERE q.id = ANY(%s::bigint[]) GROUP BY q.id"
            ") r WHERE p.id = r.id",
            [list(product_ids)],
        )


@transaction.atomic
def product_create(*, store, actor, data: dict[str, Any], category_ids=None, stock: int = 0) -> Product:
    data = {k: v for k, v in data.items() if k in PRODUCT_FIELDS}
    _clean_prices(data)
    data.setdefault("vat_rate", VatRate.STANDARD)
    sku = (data.get("sku") or "").strip()
    if not sku:
        raise _invalid("sku", _("Enter a SKU."))
    data["sku"] = sku
    if _sku_taken(store, sku):
        raise Conflict(
            _("This SKU is already used in this store."),
            code=CatalogErrorCode.SKU_TAKEN,
            fields={"sku": [_("This SKU is already used in this store.")]},
        )
    product = Product(store_id=store.id, **data)
    if not any(getattr(product, f"title_{lang}", "") for lang in LANGS):
        raise _invalid(f"title_{store.language}", _("Enter a title."))
    product.slug = _unique_slug(store, data.get("slug") or _default_title(product, store) or sku)
    if product.status == Product.Status.ACTIVE:
        product.published_at = timezone.now()
    _validate(product, exclude=["store", "slug", "title"])
    if stock < 0:
        raise _invalid("stock", _("Stock cannot be negative."), CatalogErrorCode.STOCK_NEGATIVE)
    try:
        with transaction.atomic():
            product.save()
            variant = Variant.objects.create(store_id=store.id, product=product, sku=sku)
            InventoryItem.objects.create(variant=variant, quantity=0)
    except IntegrityError as exc:
        raise _integrity_to_conflict(exc) from None
    _initial_stock(store, variant, stock, actor)
    if category_ids is not None:
        product.categories.set(_categories_of(store, category_ids))
    product_search_refresh(product_ids=[product.pk])
    price_range_refresh([product.pk])
    audit_record(actor=actor, action="catalog.product_create", target=product.sku, store=store)
    catalog_changed(store.id)
    return product


@transaction.atomic
def product_update(*, store, product: Product, actor, data: dict[str, Any], category_ids=None) -> Product:
    data = {k: v for k, v in data.items() if k in PRODUCT_FIELDS}
    _clean_prices(data)
    if "sku" in data:
        data["sku"] = (data["sku"] or "").strip()
        if not data["sku"]:
            raise _invalid("sku", _("Enter a SKU."))
        if data["sku"].upper() != product.sku.upper() and _sku_taken(store, data["sku"], exclude_product=product.pk):
            raise Conflict(
                _("This SKU is already used in this store."),
                code=CatalogErrorCode.SKU_TAKEN,
                fields={"sku": [_("This SKU is already used in this store.")]},
            )
    old_sku = product.sku
    was_active = product.status == Product.Status.ACTIVE
    for field, value in data.items():
        setattr(product, field, value)
    if "slug" in data:
        product.slug = _unique_slug(store, data["slug"] or _default_title(product, store), exclude=product.pk)
    if not any(getattr(product, f"title_{lang}", "") for lang in LANGS):
        raise _invalid(f"title_{store.language}", _("Enter a title."))
    if product.status == Product.Status.ACTIVE and not was_active and product.published_at is None:
        product.published_at = timezone.now()
    _validate(product, exclude=["store", "title"])
    try:
        with transaction.atomic():
            product.save()
            if "sku" in data and data["sku"] != old_sku:
                # the default variant carries the product's SKU
                Variant.objects.filter(product=product, sku=old_sku).update(sku=data["sku"])
    except IntegrityError as exc:
        raise _integrity_to_conflict(exc) from None
    if category_ids is not None:
        product.categories.set(_categories_of(store, category_ids))
    product_search_refresh(product_ids=[product.pk])
    if "price" in data:
        price_range_refresh([product.pk])
    audit_record(
        actor=actor, action="catalog.product_update", target=product.sku, store=store, data={"fields": sorted(data)}
    )
    catalog_changed(store.id)
    return product


@transaction.atomic
def product_delete(*, store, product: Product, actor) -> None:
    sku = product.sku
    product.delete()
    audit_record(actor=actor, action="catalog.product_delete", target=sku, store=store)
    catalog_changed(store.id)


# --- Bulk changes ---------------------------------------------------------------------------------

BULK_ACTION_LABELS = {
    "activate": _lazy("Activate"),
    "archive": _lazy("Archive"),
    "draft": _lazy("Back to draft"),
    "delete": _lazy("Delete"),
    "set_category": _lazy("Add to category"),
    "price_percent": _lazy("Change price by a percentage"),
    "feature": _lazy("Feature"),
    "unfeature": _lazy("Stop featuring"),
}
BULK_ACTIONS = tuple(BULK_ACTION_LABELS)
MAX_PERCENT = Decimal("1000")


def bulk_validate(*, store, action: str, params: dict[str, Any]) -> dict[str, Any]:
    """Check a bulk action's parameters before it is queued; returns them normalised."""
    if action not in BULK_ACTIONS:
        raise _invalid("action", _("Unknown bulk action."), CatalogErrorCode.BULK_ACTION_INVALID)
    if action == "set_category":
        category = Category.objects.filter(store_id=store.id, pk=params.get("category_id") or 0).first()
        if category is None:
            raise _invalid("category_id", _("Choose a category."), CatalogErrorCode.BULK_ACTION_INVALID)
        return {"category_id": category.pk}
    if action == "price_percent":
        try:
            percent = Decimal(str(params.get("percent", "")).replace(",", "."))
        except Exception:
            percent = None
        if percent is None or not percent.is_finite() or percent <= -100 or percent > MAX_PERCENT or percent == 0:
            raise _invalid(
                "percent",
                _("Enter a change between -99.99 % and +1000 %, not 0."),
                CatalogErrorCode.BULK_ACTION_INVALID,
            )
        return {"percent": str(percent.quantize(Decimal("0.01")))}
    return {}


BULK_JOB_KIND = "catalog.bulk_products"


def bulk_queue(*, store, actor, action: str, params: dict[str, Any], product_ids, label: str = ""):
    """Validate a bulk action and queue it as a job over the store's products among `product_ids`
    (the jobs runner runs apps.catalog.jobs.bulk_products; its task is sent once the job commits)."""
    params = bulk_validate(store=store, action=action, params=params)
    ids = sorted(set(Product.objects.filter(store_id=store.id, pk__in=list(product_ids)).values_list("pk", flat=True)))
    if not ids:
        raise _invalid("product_ids", _("Select at least one product."), CatalogErrorCode.BULK_ACTION_INVALID)
    label = label or ngettext("%(action)s: %(count)d product", "%(action)s: %(count)d products", len(ids)) % {
        "action": BULK_ACTION_LABELS[action],
        "count": len(ids),
    }
    return job_queue(
        store=store,
        kind=BULK_JOB_KIND,
        label=label[:200],
        total=len(ids),
        actor=actor,
        params={"action": action, "params": params, "product_ids": ids},
    )


def bulk_apply(*, store, actor, action: str, params: dict[str, Any], product_ids: list[int]) -> int:
    """Apply a validated bulk action to a batch of products of this store. Returns how many
    products it changed. Used by the background job, batch by batch."""
    products = Product.objects.filter(store_id=store.id, pk__in=product_ids)
    with transaction.atomic():
        if action in ("activate", "archive", "draft"):
            status = {
                "activate": Product.Status.ACTIVE,
                "archive": Product.Status.ARCHIVED,
                "draft": Product.Status.DRAFT,
            }[action]
            if status == Product.Status.ACTIVE:
                products.filter(published_at__isnull=True).update(published_at=timezone.now())
            count = products.update(status=status, updated_at=timezone.now())
        elif action in ("feature", "unfeature"):
            count = products.update(is_featured=action == "feature", updated_at=timezone.now())
        elif action == "delete":
            count = products.count()
            products.delete()
        elif action == "set_category":
            category = Category.objects.get(store_id=store.id, pk=params["category_id"])
            through = Product.categories.through
            existing = set(
                through.objects.filter(category=category, product_id__in=product_ids).values_list(
                    "product_id", flat=True
                )
            )
            ids = list(products.values_list("pk", flat=True))
            through.objects.bulk_create([through(product_id=pk, category=category) for pk in ids if pk not in existing])
            count = len(ids)
        elif action == "price_percent":
            factor = Decimal(1) + Decimal(params["percent"]) / Decimal(100)
            count = 0
            for product in products.select_for_update().order_by("pk"):
                product.price = (product.price * factor).quantize(Decimal("0.01"))
                product.save(update_fields=["price", "updated_at"])
                count += 1
            Variant.objects.filter(product_id__in=product_ids, price__isnull=False).update(price=F("price") * factor)
            price_range_refresh(product_ids)
        else:  # pragma: no cover - bulk_validate keeps this out
            raise _invalid("action", _("Unknown bulk action."))
        if action != "delete":
            product_search_refresh(product_ids=product_ids)
        audit_record(
            actor=actor,
            action=f"catalog.bulk_{action}",
            target=f"{count} products",
            store=store,
            data={"params": params, "ids": product_ids[:50]},
        )
        catalog_changed(store.id)
    return count


# --- Variants -------------------------------------------------------------------------------------


def _option_values(store, value_ids) -> list[OptionValue]:
    ids = {int(pk) for pk in value_ids or []}
    found = list(OptionValue.objects.filter(option_type__store_id=store.id, pk__in=ids))
    if len(found) != len(ids):
        raise _invalid("option_values", _("Unknown option value."))
    return found


def _set_option_values(store, variant: Variant, value_ids) -> None:
    values = _option_values(store, value_ids)
    try:
        with transaction.atomic():
            variant.option_values.set(values)
    except IntegrityError:  # a value deleted (option_type_update) since it was read above
        raise _invalid("option_values", _("Unknown option value.")) from None


@transaction.atomic
def variant_create(
    *, store, product: Product, actor, sku: str, barcode: str = "", price=None, option_value_ids=None, stock: int = 0
) -> Variant:
    Product.objects.select_for_update().filter(pk=product.pk).first()  # one count at a time per product
    count = Variant.objects.filter(product_id=product.pk).count()  # not product.variants: it may be prefetched
    if count >= MAX_VARIANTS_PER_PRODUCT:
        raise ValidationFailed(
            ngettext(
                "A product can have at most %(max)d variant.",
                "A product can have at most %(max)d variants.",
                MAX_VARIANTS_PER_PRODUCT,
            )
            % {"max": MAX_VARIANTS_PER_PRODUCT},
            code=CatalogErrorCode.TOO_MANY_VARIANTS,
        )
    sku = (sku or "").strip()
    if not sku:
        raise _invalid("sku", _("Enter a SKU."))
    if _sku_taken(store, sku):
        raise Conflict(
            _("This SKU is already used in this store."),
            code=CatalogErrorCode.SKU_TAKEN,
            fields={"sku": [_("This SKU is already used in this store.")]},
        )
    data = {"price": price}
    if price not in (None, ""):
        _clean_prices(data)
    else:
        data["price"] = None
    if stock < 0:
        raise _invalid("stock", _("Stock cannot be negative."), CatalogErrorCode.STOCK_NEGATIVE)
    try:
        with transaction.atomic():
            variant = Variant.objects.create(
                store_id=store.id,
                product=product,
                sku=sku,
                barcode=(barcode or "").strip(),
                price=data["price"],
                position=count,
            )
            InventoryItem.objects.create(variant=variant, quantity=0)
    except IntegrityError as exc:
        raise _integrity_to_conflict(exc) from None
    _initial_stock(store, variant, stock, actor)
    if option_value_ids:
        _set_option_values(store, variant, option_value_ids)
    price_range_refresh([product.pk])
    catalog_changed(store.id)
    return variant


@transaction.atomic
def variant_update(*, store, variant: Variant, actor, data: dict[str, Any]) -> Variant:
    if "sku" in data:
        sku = (data["sku"] or "").strip()
        if not sku:
            raise _invalid("sku", _("Enter a SKU."))
        if sku.upper() != variant.sku.upper() and _sku_taken(store, sku, exclude_variant=variant.pk):
            raise Conflict(
                _("This SKU is already used in this store."),
                code=CatalogErrorCode.SKU_TAKEN,
                fields={"sku": [_("This SKU is already used in this store.")]},
            )
        variant.sku = sku
    if "barcode" in data:
        variant.barcode = (data["barcode"] or "").strip()
    if "price" in data:
        prices = {"price": data["price"]}
        if data["price"] in (None, ""):
            variant.price = None
        else:
            _clean_prices(prices)
            variant.price = prices["price"]
    try:
        with transaction.atomic():
            variant.save()
    except IntegrityError as exc:
        raise _integrity_to_conflict(exc) from None
    if "option_value_ids" in data:
        _set_option_values(store, variant, data["option_value_ids"])
    if "price" in data:
        price_range_refresh([variant.product_id])
    catalog_changed(store.id)
    return variant


@transaction.atomic
def variant_delete(*, store, variant: Variant, actor) -> None:
    if Variant.objects.filter(product_id=variant.product_id).count() <= 1:
        raise Conflict(_("A product needs at least one variant."), code=CatalogErrorCode.LAST_VARIANT)
    item = InventoryItem.objects.select_for_update().filter(variant=variant).first()
    if item is not None and item.available:
        Product.objects.filter(pk=variant.product_id).update(available=F("available") - item.available)
    variant.delete()
    price_range_refresh([variant.product_id])
    catalog_changed(store.id)


# --- Option types ---------------------------------------------------------------------------------
# Names and values are texts per language (modeltranslation columns; NULL where not translated, so
# the per-language unique constraints leave untranslated rows alone). A name is unique in its store
# and a value within its type, whatever the case and in whichever language: "Size", "size" and
# another type's French "Size" would be the same choice to a customer. Every write of a store's
# option types takes one lock per store, so two of them cannot both pass these checks.

OPTION_TEXT_LENGTH = 60


def _texts_of(instance, field: str) -> dict[str, str]:
    return {lang: getattr(instance, f"{field}_{lang}", None) or "" for lang in LANGS}


def _merge_texts(current: dict[str, str], given: dict[str, str] | None) -> dict[str, str]:
    """`given` over `current`, stripped; languages left out of `given` stay as they are."""
    merged = dict(current)
    for lang, text in (given or {}).items():
        if lang in LANGS:
            merged[lang] = (text or "").strip()
    return merged


def _set_texts(instance, field: str, texts: dict[str, str]) -> None:
    for lang in LANGS:
        setattr(instance, f"{field}_{lang}", texts.get(lang) or None)


def _folded(texts: dict[str, str]) -> set[str]:
    return {text.casefold() for text in texts.values() if text}


def _check_texts(texts: dict[str, str], *, field: str, empty_message: str, empty_field: str = "") -> None:
    if not any(texts.values()):
        raise _invalid(empty_field or field, empty_message)
    for lang, text in texts.items():
        if len(text) > OPTION_TEXT_LENGTH:
            raise _invalid(
                f"{field}_{lang}" if field == "name" else field,
                _("Ensure this has at most %(n)d characters.") % {"n": OPTION_TEXT_LENGTH},
            )


def _name_taken(name: str) -> Conflict:
    message = _("Another option of this store is already called “%(name)s”.") % {"name": name}
    return Conflict(message, code=CatalogErrorCode.OPTION_TYPE_NAME_TAKEN, fields={"name": [message]})


def _check_name_free(store, texts: dict[str, str], *, exclude: int | None = None) -> None:
    wanted = _folded(texts)
    for other in OptionType.objects.filter(store_id=store.id).exclude(pk=exclude):
        for text in _texts_of(other, "name").values():
            if text and text.casefold() in wanted:
                raise _name_taken(text)


def _check_type_room(store) -> int:
    """How many option types the store has; refused when it cannot take one more."""
    count = OptionType.objects.filter(store_id=store.id).count()
    if count >= MAX_OPTION_TYPES_PER_STORE:
        raise ValidationFailed(
            ngettext(
                "A store can have at most %(max)d option.",
                "A store can have at most %(max)d options.",
                MAX_OPTION_TYPES_PER_STORE,
            )
            % {"max": MAX_OPTION_TYPES_PER_STORE},
            code=CatalogErrorCode.TOO_MANY_OPTION_TYPES,
        )
    return count


def _too_many_values() -> ValidationFailed:
    message = ngettext(
        "An option can have at most %(max)d value.",
        "An option can have at most %(max)d values.",
        MAX_VALUES_PER_OPTION_TYPE,
    ) % {"max": MAX_VALUES_PER_OPTION_TYPE}
    return ValidationFailed(message, code=CatalogErrorCode.TOO_MANY_OPTION_VALUES, fields={"values": [message]})


def _check_values(values: list[dict[str, str]]) -> None:
    """Every value has a text, and no two share one."""
    if len(values) > MAX_VALUES_PER_OPTION_TYPE:
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


def _in_use(value_ids) -> QuerySet:
    """Links from variants to these option values."""
    return Variant.option_values.through.objects.filter(optionvalue_id__in=list(value_ids))


@transaction.atomic
def option_type_create(
    *, store, actor, names: dict[str, str], values: list[dict[str, str]] | None = None
) -> OptionType:
    """A new option type ("Size") with its values in order (each {language: text})."""
    names = _merge_texts({}, names)
    _check_texts(names, field="name", empty_message=_("Enter a name."), empty_field=f"name_{store.language}")
    texts = [_merge_texts({}, value) for value in values or []]
    _check_values(texts)
    _store_lock(store, "option_types")
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
    except IntegrityError:
        raise _name_taken(next(t for t in names.values() if t)) from None
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
    *, store, option_type: OptionType, actor, names: dict[str, str] | None = None, values: list[dict] | None = None
) -> OptionType:
    """Rename an option type and/or set its values. `values`, when given, is the whole list in its
    new order: {"id": 3, "names": {...}} keeps (and may rename) an existing value, {"names": {...}}
    adds one, and a value left out is deleted unless a variant uses it (then nothing changes)."""
    _store_lock(store, "option_types")
    changed: list[str] = []
    if names is not None:
        merged = _merge_texts(_texts_of(option_type, "name"), names)
        _check_texts(merged, field="name", empty_message=_("Enter a name."), empty_field=f"name_{store.language}")
        _check_name_free(store, merged, exclude=option_type.pk)
        _set_texts(option_type, "name", merged)
        try:
            with transaction.atomic():
                option_type.save()
        except IntegrityError:
            raise _name_taken(next(t for t in merged.values() if t)) from None
        changed.append("name")
    if values is not None:
        _values_replace(option_type, values)
        changed.append("values")
    audit_record(
        actor=actor, action="catalog.option_type_update", target=option_type.name, store=store, data={"fields": changed}
    )
    catalog_changed(store.id)
    return option_type


def _values_replace(option_type: OptionType, values: list[dict]) -> None:
    # Locked so no variant can take up a value between the check below and its deletion.
    current = {v.pk: v for v in OptionValue.objects.select_for_update().filter(option_type=option_type).order_by("pk")}
    if len(values) > MAX_VALUES_PER_OPTION_TYPE:
        raise _too_many_values()
    plan: list[tuple[OptionValue | None, dict[str, str]]] = []
    kept: set[int] = set()
    for index, item in enumerate(values):
        pk = item.get("id")
        if pk is None:
            plan.append((None, _merge_texts({}, item.get("names"))))
            continue
        if pk not in current:
            raise _invalid(f"values.{index}.id", _("This option has no such value."))
        if pk in kept:
            raise _invalid(f"values.{index}.id", _("Each value only once."), CatalogErrorCode.OPTION_VALUE_DUPLICATE)
        kept.add(pk)
        plan.append((current[pk], _merge_texts(_texts_of(current[pk], "value"), item.get("names"))))
    _check_values([texts for _value, texts in plan])
    removed = [value for pk, value in current.items() if pk not in kept]
    used = set(_in_use(v.pk for v in removed).values_list("optionvalue_id", flat=True))
    if used:
        names = ", ".join(f"“{value.value}”" for value in removed if value.pk in used)
        message = ngettext(
            "%(values)s is used by variants: change or delete those variants first.",
            "%(values)s are used by variants: change or delete those variants first.",
            len(used),
        ) % {"values": names}
        raise Conflict(message, code=CatalogErrorCode.OPTION_VALUE_IN_USE, fields={"values": [message]})
    OptionValue.objects.filter(pk__in=[value.pk for value in removed]).delete()
    try:
        with transaction.atomic():
            for index, (value, texts) in enumerate(plan):
                if value is not None and value.position == index and _texts_of(value, "value") == texts:
                    continue
                value = value or OptionValue(option_type=option_type)
                value.position = index
                _set_texts(value, "value", texts)
                value.save()
    except IntegrityError:
        # e.g. two values swapping their texts: each clashes with the other on the way
        message = _("Two values would have the same text on the way there; rename them one at a time.")
        raise Conflict(message, code=CatalogErrorCode.OPTION_VALUE_DUPLICATE, fields={"values": [message]}) from None


@transaction.atomic
def option_type_delete(*, store, option_type: OptionType, actor) -> None:
    """Delete an option type and its values, unless a variant uses one of them."""
    _store_lock(store, "option_types")
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


def _matching(rows, field: str, text: str):
    """The row whose text in some language is `text`, whatever the case: an exact match first."""
    folded = text.casefold()
    exact = next((row for row in rows if text in _texts_of(row, field).values()), None)
    return exact or next((row for row in rows if folded in _folded(_texts_of(row, field))), None)


@transaction.atomic
def option_values_get_or_create(
    *, store, name: str, values: list[str], actor=None
) -> tuple[OptionType, list[OptionValue]]:
    """The option type called `name` and its values `values`, matched as names are kept unique
    (any language, any case), the missing ones made in the active language. For pages and loaders
    that name options as they go ("Size: XL")."""
    name = name.strip()[:OPTION_TEXT_LENGTH]
    if not name:
        raise _invalid("name", _("Enter a name."))
    _store_lock(store, "option_types")
    option_type = _matching(OptionType.objects.filter(store_id=store.id), "name", name)
    created = option_type is None
    if option_type is None:
        option_type = OptionType(store_id=store.id, name=name, position=_check_type_room(store))
        option_type.save()
        audit_record(actor=actor, action="catalog.option_type_create", target=name, store=store)
    existing = list(OptionValue.objects.filter(option_type=option_type))
    found = []
    for text in values:
        text = text.strip()[:OPTION_TEXT_LENGTH]
        if not text:
            raise _invalid("value", _("Enter a value."))
        value = _matching(existing, "value", text)
        if value is None:
            if len(existing) >= MAX_VALUES_PER_OPTION_TYPE:
                raise _too_many_values()
            value = OptionValue.objects.create(option_type=option_type, value=text, position=len(existing))
            existing.append(value)
            created = True
        found.append(value)
    if created:
        catalog_changed(store.id)
    return option_type, found


def option_type_get_or_create(*, store, name: str, values: list[str], actor=None) -> OptionType:
    return option_values_get_or_create(store=store, name=name, values=values, actor=actor)[0]


# --- Categories -----------------------------------------------------------------------------------


def _category_slug(store, name: str, *, exclude: int | None = None) -> str:
    base = (slugify(name) or "category")[:130]
    taken = set(
        Category.objects.filter(store_id=store.id, slug__startswith=base)
        .exclude(pk=exclude)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_parent(store, category: Category | None, parent_id) -> Category | None:
    if parent_id in (None, ""):
        return None
    parent = Category.objects.filter(store_id=store.id, pk=parent_id).first()
    if parent is None:
        raise _invalid("parent", _("Unknown category."))
    if category is not None:
        node, seen = parent, set()
        while node is not None and node.pk not in seen:
            if node.pk == category.pk:
                raise _invalid(
                    "parent", _("A category cannot be placed inside itself."), CatalogErrorCode.CATEGORY_CYCLE
                )
            seen.add(node.pk)
            node = node.parent
    return parent


@transaction.atomic
def category_create(*, store, actor, names: dict[str, str], parent_id=None, descriptions=None) -> Category:
    names = {lang: (names.get(lang) or "").strip() for lang in LANGS}
    if not any(names.values()):
        raise _invalid(f"name_{store.language}", _("Enter a name."))
    parent = _check_parent(store, None, parent_id)
    _store_lock(store, "categories")
    if Category.objects.filter(store_id=store.id).count() >= MAX_CATEGORIES_PER_STORE:
        raise ValidationFailed(
            ngettext(
                "A store can have at most %(max)d category.",
                "A store can have at most %(max)d categories.",
                MAX_CATEGORIES_PER_STORE,
            )
            % {"max": MAX_CATEGORIES_PER_STORE},
            code=CatalogErrorCode.TOO_MANY_CATEGORIES,
        )
    default_name = names.get(store.language) or next(v for v in names.values() if v)
    position = Category.objects.filter(store_id=store.id, parent=parent).count()
    category = Category(store_id=store.id, parent=parent, position=position, slug=_category_slug(store, default_name))
    for lang, value in names.items():
        setattr(category, f"name_{lang}", value)
    for lang, value in (descriptions or {}).items():
        if lang in LANGS:
            setattr(category, f"description_{lang}", value)
    category.save()
    catalog_changed(store.id)
    return category


@transaction.atomic
def category_update(
    *, store, category: Category, actor, names=None, parent_id="keep", is_active=None, descriptions=None, position=None
) -> Category:
    """Change a category. A new parent puts it last among its new siblings unless `position`
    (0-based, among the siblings after the move) says where."""
    if names is not None:
        names = {lang: (names.get(lang) or "").strip() for lang in LANGS}
        if not any(names.values()):
            raise _invalid(f"name_{store.language}", _("Enter a name."))
        for lang, value in names.items():
            setattr(category, f"name_{lang}", value)
    if descriptions is not None:
        for lang, value in descriptions.items():
            if lang in LANGS:
                setattr(category, f"description_{lang}", value)
    old_parent_id = category.parent_id
    if parent_id != "keep":
        category.parent = _check_parent(store, category, parent_id)
    if is_active is not None:
        category.is_active = bool(is_active)
    moved = category.parent_id != old_parent_id
    if moved:
        _lock_siblings(store, [old_parent_id, category.parent_id])
        category.position = Category.objects.filter(store_id=store.id, parent_id=category.parent_id).count()
        category.save()
    else:  # the position is category_place's to write, from locked rows
        category.save(update_fields=[f.name for f in Category._meta.concrete_fields if f.name not in _KEEP_ON_SAVE])
    if moved:
        _renumber(_siblings(store, old_parent_id))
    if position is not None:
        category_place(store=store, category=category, actor=actor, position=position)
    catalog_changed(store.id)
    return category


_KEEP_ON_SAVE = {"id", "store", "position", "created_at"}


def _lock_siblings(store, parent_ids: list[int | None]) -> None:
    """Lock the children of these parents (None: the top level), in primary-key order, so that two
    moves between the same parents cannot deadlock."""
    ids = {pk for pk in parent_ids if pk is not None}
    condition = Q(parent_id__in=ids)
    if None in parent_ids:
        condition |= Q(parent__isnull=True)
    list(Category.objects.select_for_update().filter(condition, store_id=store.id).order_by("pk").values_list("pk"))


def _siblings(store, parent_id: int | None) -> list[Category]:
    return list(Category.objects.filter(store_id=store.id, parent_id=parent_id).order_by("position", "id"))


def _renumber(siblings: list[Category]) -> None:
    """Number siblings 0, 1, 2 ... in the order given, writing only the rows that change."""
    for index, sibling in enumerate(siblings):
        if sibling.position != index:
            Category.objects.filter(pk=sibling.pk).update(position=index)
            sibling.position = index


@transaction.atomic
def category_place(*, store, category: Category, actor, position: int) -> Category:
    """Put a category at `position` (0-based) among its siblings and renumber them in their new
    order. A position past the end puts it last."""
    if position < 0:
        raise _invalid("position", _("Enter a position of 0 or more."))
    _lock_siblings(store, [category.parent_id])
    rows = _siblings(store, category.parent_id)
    locked = next((c for c in rows if c.pk == category.pk), category)
    siblings = [c for c in rows if c.pk != category.pk]
    siblings.insert(min(position, len(siblings)), locked)
    _renumber(siblings)
    category.position = locked.position
    audit_record(
        actor=actor,
        action="catalog.category_place",
        target=category.slug,
        store=store,
        data={"position": category.position},
    )
    catalog_changed(store.id)
    return category


@transaction.atomic
def category_move(*, store, category: Category, actor, direction: str) -> None:
    """Move a category one place up or down among its siblings."""
    _lock_siblings(store, [category.parent_id])
    order = [c.pk for c in _siblings(store, category.parent_id)]
    index = order.index(category.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(order):
        category_place(store=store, category=category, actor=actor, position=target)


@transaction.atomic
def category_delete(*, store, category: Category, actor) -> None:
    """Children move up to the deleted category's parent; products keep their other categories."""
    Category.objects.filter(store_id=store.id, parent=category).update(parent=category.parent)
    category.delete()
    catalog_changed(store.id)


def product_get_for_update(*, store, product_id) -> Product:
    product = Product.objects.filter(store_id=store.id, pk=product_id).first()
    if product is None:
        raise NotFound(_("No such product in this store."))
    return product
