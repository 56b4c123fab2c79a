"""Serializers of the catalog API.

Conventions, the same on every endpoint (and stated in the schema):

- Texts merchants translate (product title, description, SEO texts, category names, image alt
  texts) are objects keyed by language code in the store API: ``{"en": "Shirt", "fr": "Chemise",
  "de": "", "lb": ""}``. Output always carries every language ("" when empty); input may carry
  some of them, and a PATCH leaves the languages it leaves out unchanged. The storefront API
  answers in one language (the visitor's) with plain strings.
- Money is a string with two decimals (``"19.90"``), including VAT, in the product's currency.
  Input takes a string (or a number) with at most two decimals and not negative; anything else
  is a 400 with the code ``price_invalid``.
- One output serializer per resource, shared by list, detail and write responses; input
  serializers only check the shape of a request, the services check the rest.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Category, InventoryItem, OptionType, OptionValue, Product, ProductImage, StockMovement, Variant
from ..pricing import VatRate

LANGS = [code for code, _name in settings.LANGUAGES]
MONEY = {"max_digits": 12, "decimal_places": 2}


# --- Fields ---------------------------------------------------------------------------------------


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

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "object",
            "properties": {lang: {"type": "string"} for lang in LANGS},
            "required": LANGS,
            "description": "One text per language code; empty string when not translated.",
        }


class TranslationsInputExtension(OpenApiSerializerFieldExtension):
    target_class = TranslationsInput
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        string = {"type": "string"}
        if self.target.max_length:
            string["maxLength"] = self.target.max_length
        return {
            "type": "object",
            "properties": {lang: string for lang in LANGS},
            "additionalProperties": False,
            "description": "Texts by language code. Languages left out are left unchanged (empty on create).",
        }


@extend_schema_field({"type": "string", "format": "decimal", "pattern": r"^\d{1,10}(\.\d{1,2})?$", "example": "19.90"})
class PriceInput(serializers.Field):
    """A price as sent. Only its type is checked here: the service parses it and refuses negative
    or over-precise amounts with the code `price_invalid`."""

    default_error_messages = {"invalid": _('Enter an amount such as "19.90".')}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        return data

    def to_representation(self, value):  # pragma: no cover - input only
        return value


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
            key = f"{Decimal(str(data)).quantize(Decimal('0.01')):.2f}"
        except (InvalidOperation, ValueError, TypeError):
            self.fail("invalid_choice", input=data)
        return Decimal(super().to_internal_value(key))

    def to_representation(self, value):
        return f"{Decimal(value):.2f}"


def _translated_max_length(model, base: str) -> int | None:
    return model._meta.get_field(base).max_length


def absolute_url(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None and url.startswith("/") else url


def _storage_url(name: str) -> str:
    from django.core.files.storage import default_storage

    return default_storage.url(name)


# --- Errors (documentation only: the exception handler renders them) ------------------------------


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. `sku_taken`, `stock_negative`.")
    message = serializers.CharField(help_text="Human-readable, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Messages per input field; nested fields are dotted ("title.en").',
    )


# --- Store API: output ----------------------------------------------------------------------------


class InventorySerializer(serializers.ModelSerializer):
    available = serializers.IntegerField(read_only=True, help_text="On hand minus reserved for orders.")
    is_low = serializers.BooleanField(read_only=True, help_text="Available at or below the low-stock threshold.")

    class Meta:
        model = InventoryItem
        fields = ["quantity", "reserved", "available", "bin_location", "low_stock_threshold", "is_low", "updated_at"]
        read_only_fields = fields


class OptionValueSerializer(serializers.ModelSerializer):
    value = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = OptionValue
        fields = ["id", "option_type_id", "value"]
        read_only_fields = fields


class VariantSerializer(serializers.ModelSerializer):
    price = Money(allow_null=True, help_text="The variant's own price; null: the product's price.")
    effective_price = Money(help_text="What the variant sells for (incl. VAT).")
    options = OptionValueSerializer(source="option_values", many=True, read_only=True)
    stock = serializers.SerializerMethodField()

    class Meta:
        model = Variant
        fields = [
            "id",
            "product_id",
            "sku",
            "barcode",
            "price",
            "effective_price",
            "position",
            "weight_grams",
            "options",
            "stock",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(InventorySerializer(allow_null=True))
    def get_stock(self, variant):
        item = inventory_of(variant)
        return InventorySerializer(item).data if item is not None else None


def inventory_of(variant: Variant) -> InventoryItem | None:
    try:
        return variant.inventory
    except InventoryItem.DoesNotExist:
        return None


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    webp = serializers.URLField()
    jpeg = serializers.URLField()


class ImageFilesMixin:
    """The `url` of a cleaned original and its `renditions`, absolute, for an image serializer."""

    def get_url(self, image) -> str:
        return absolute_url(self.context.get("request"), image.original.url) if image.original else ""

    @extend_schema_field(serializers.DictField(child=RenditionSerializer()))
    def get_renditions(self, image):
        return renditions_of(self.context.get("request"), image)


class ImageSerializer(ImageFilesMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The cleaned original (EXIF stripped).")
    alt_text = Translations("alt_text")
    renditions = serializers.SerializerMethodField(
        help_text="thumbnail (160 px), small (320), medium (640), large (1280); empty while processing."
    )

    class Meta:
        model = ProductImage
        fields = ["id", "url", "width", "height", "alt_text", "position", "is_primary", "status", "renditions"]
        read_only_fields = fields


def renditions_of(request, image: ProductImage) -> dict:
    result = {}
    for name, entry in (image.renditions or {}).items():
        result[name] = {
            "width": entry.get("width", 0),
            "height": entry.get("height", 0),
            "webp": absolute_url(request, _storage_url(entry["webp"])) if entry.get("webp") else "",
            "jpeg": absolute_url(request, _storage_url(entry["jpeg"])) if entry.get("jpeg") else "",
        }
    return result


COSTS_CONTEXT = "show_costs"


class ProductSerializer(serializers.ModelSerializer):
    """A product with its variants, images and category ids: the same in lists, details and
    write responses. Translated texts are objects by language code (`{"en": "Shirt", "fr":
    "Chemise", "de": "", "lb": ""}`); money is a string with two decimals, incl. VAT.

    `cost_price` is left out unless the context says `show_costs` (the role holds catalog.costs):
    it fails closed, so a view that forgets to ask shows no cost prices."""

    title = Translations("title")
    description = Translations("description")
    seo_title = Translations("seo_title")
    seo_description = Translations("seo_description")
    price = Money(help_text="Incl. VAT, in `currency`.")
    compare_at_price = Money(allow_null=True)
    cost_price = Money(
        allow_null=True,
        help_text="What the product costs the merchant. Only for roles holding catalog.costs (not cashiers); "
        "left out of the answer for the others.",
    )
    vat_rate = VatRateField(read_only=True)
    categories = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Category ids.")
    stock = serializers.SerializerMethodField(help_text="Units on hand over all variants.")
    available = serializers.SerializerMethodField(help_text="On hand minus reserved, over all variants.")
    variants = VariantSerializer(many=True, read_only=True)
    images = ImageSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "sku",
            "gtin",
            "brand",
            "slug",
            "status",
            "title",
            "description",
            "seo_title",
            "seo_description",
            "price",
            "compare_at_price",
            "cost_price",
            "currency",
            "vat_rate",
            "weight_grams",
            "is_featured",
            "published_at",
            "categories",
            "stock",
            "available",
            "variants",
            "images",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get(COSTS_CONTEXT, False):
            data.pop("cost_price", None)
        return data

    def get_stock(self, product) -> int:
        return sum(item.quantity for item in inventory_items(product))

    def get_available(self, product) -> int:
        return sum(item.available for item in inventory_items(product))


class ProductSerializerExtension(OpenApiSerializerExtension):
    """The schema of ProductSerializer: `cost_price` is optional, as some roles never get it."""

    target_class = ProductSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["required"] = [name for name in schema.get("required", []) if name != "cost_price"]
        return schema


def inventory_items(product: Product) -> list[InventoryItem]:
    return [item for variant in product.variants.all() if (item := inventory_of(variant)) is not None]


class CategorySerializer(serializers.ModelSerializer):
    name = Translations("name")
    description = Translations("description")
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    depth = serializers.SerializerMethodField(help_text="Level in the tree (0: top); in the tree listing only.")

    class Meta:
        model = Category
        fields = ["id", "parent", "slug", "name", "description", "position", "is_active", "depth", "updated_at"]
        read_only_fields = fields

    def get_depth(self, category) -> int | None:
        return getattr(category, "depth", None)


class OptionTypeValueSerializer(serializers.ModelSerializer):
    value = Translations("value")

    class Meta:
        model = OptionValue
        fields = ["id", "value", "position"]
        read_only_fields = fields


class OptionTypeSerializer(serializers.ModelSerializer):
    """A way variants differ ("Size") with its values in order; variants name values by id
    (`option_value_ids`)."""

    name = Translations("name")
    values = OptionTypeValueSerializer(many=True, read_only=True)

    class Meta:
        model = OptionType
        fields = ["id", "name", "position", "values", "created_at", "updated_at"]
        read_only_fields = fields


class MovementSerializer(serializers.ModelSerializer):
    class Meta:
        model = StockMovement
        fields = ["id", "delta", "reserved_delta", "quantity_after", "reason", "note", "actor_email", "created_at"]
        read_only_fields = fields


class StockSerializer(serializers.Serializer):
    """Stock of one variant and its latest ledger rows (newest first)."""

    variant_id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    sku = serializers.CharField()
    inventory = InventorySerializer()
    movements = MovementSerializer(many=True)


class LookupSerializer(serializers.Serializer):
    """What the till needs after a scan: the variant, its product, the price and the stock."""

    variant = VariantSerializer()
    product = ProductSerializer()
    price = Money(help_text="The variant's effective price incl. VAT.")
    currency = serializers.CharField()
    available = serializers.IntegerField()


# --- Store API: input -----------------------------------------------------------------------------


def _texts(model, base: str, **kwargs) -> TranslationsInput:
    return TranslationsInput(max_length=_translated_max_length(model, base), **kwargs)


class ProductInputSerializer(serializers.Serializer):
    """Create (POST) or change (PATCH: any subset of the fields) a product."""

    sku = serializers.CharField(max_length=64)
    gtin = serializers.CharField(max_length=14, allow_blank=True, required=False)
    brand = serializers.CharField(max_length=120, allow_blank=True, required=False)
    slug = serializers.CharField(
        max_length=220, allow_blank=True, required=False, help_text="Made from the title when empty."
    )
    status = serializers.ChoiceField(choices=Product.Status.choices, required=False)
    title = _texts(Product, "title", help_text="At least one language needs a title.")
    description = _texts(Product, "description", required=False)
    seo_title = _texts(Product, "seo_title", required=False)
    seo_description = _texts(Product, "seo_description", required=False)
    price = PriceInput()
    compare_at_price = PriceInput(required=False, allow_null=True)
    cost_price = PriceInput(
        required=False,
        allow_null=True,
        help_text="Needs the catalog.costs permission (every staff role but the cashier); refused with 403 otherwise.",
    )
    vat_rate = VatRateField(required=False)
    weight_grams = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False, allow_null=True)
    is_featured = serializers.BooleanField(required=False)
    categories = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=500, help_text="Category ids."
    )


class ProductCreateSerializer(ProductInputSerializer):
    stock = serializers.IntegerField(
        min_value=0,
        max_value=1_000_000,
        required=False,
        default=0,
        help_text="Initial stock of the default variant. Later changes go through the variant's stock endpoint.",
    )


class VariantInputSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=64)
    barcode = serializers.CharField(max_length=32, allow_blank=True, required=False)
    price = PriceInput(required=False, allow_null=True, help_text="Null or left out: the product's price.")
    option_value_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)


class VariantCreateSerializer(VariantInputSerializer):
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=0)


class CategoryInputSerializer(serializers.Serializer):
    name = _texts(Category, "name", help_text="At least one language needs a name.")
    description = _texts(Category, "description", required=False)
    parent = serializers.IntegerField(min_value=1, allow_null=True, required=False, help_text="Parent category id.")


class CategoryUpdateSerializer(CategoryInputSerializer):
    is_active = serializers.BooleanField(required=False, help_text="False hides it from the storefront.")
    position = serializers.IntegerField(
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text="Place among its siblings (under its parent after any `parent` change), 0 first; "
        "a number past the end puts it last. Its siblings are renumbered 0, 1, 2 ...",
    )


class OptionValueInputSerializer(serializers.Serializer):
    value = _texts(OptionValue, "value", help_text="At least one language needs a text.")


class OptionTypeInputSerializer(serializers.Serializer):
    name = _texts(OptionType, "name", help_text="At least one language needs a name.")
    values = OptionValueInputSerializer(many=True, required=False, max_length=1_000, help_text="In display order.")


class OptionValueChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        min_value=1, required=False, help_text="A value of this option to keep; left out: a new value."
    )
    value = _texts(
        OptionValue,
        "value",
        required=False,
        help_text="New: at least one language. Kept: the languages sent change, the others stay.",
    )


class OptionTypeUpdateSerializer(serializers.Serializer):
    name = _texts(OptionType, "name", required=False)
    values = OptionValueChangeSerializer(
        many=True,
        required=False,
        max_length=1_000,
        help_text="Left out: the values stay as they are. Sent: the whole list in its new order; "
        "values left out of it are deleted.",
    )


class ImageUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text="JPEG, PNG, WebP or GIF, at most 15 MB and 40 megapixels.")
    alt_text = serializers.CharField(
        max_length=200, allow_blank=True, required=False, help_text="In the language of the request."
    )


class ImageUpdateSerializer(serializers.Serializer):
    alt_text = _texts(ProductImage, "alt_text", required=False)
    is_primary = serializers.BooleanField(required=False, help_text="true makes this the product's main image.")


class ImageOrderSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(min_value=1), help_text="Every image id of the product, once, in order."
    )


ADJUST_REASONS = [
    (reason.value, reason.label)
    for reason in (
        StockMovement.Reason.RECEIVED,
        StockMovement.Reason.SOLD,
        StockMovement.Reason.RETURNED,
        StockMovement.Reason.DAMAGED,
        StockMovement.Reason.ADJUSTMENT,
    )
]


class StockAdjustSerializer(serializers.Serializer):
    delta = serializers.IntegerField(help_text="Units to add (positive) or remove (negative); not 0.")
    reason = serializers.ChoiceField(choices=ADJUST_REASONS)
    note = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class StockCountSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(help_text="Units counted on hand; the difference is recorded as a count.")
    note = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class InventorySettingsSerializer(serializers.Serializer):
    bin_location = serializers.CharField(max_length=40, allow_blank=True, required=False)
    low_stock_threshold = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)


class BulkInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[
            ("activate", "activate"),
            ("archive", "archive"),
            ("draft", "draft"),
            ("delete", "delete"),
            ("set_category", "set_category"),
            ("price_percent", "price_percent"),
            ("feature", "feature"),
            ("unfeature", "unfeature"),
        ],
        help_text="`delete` needs the catalog.delete permission.",
    )
    params = serializers.DictField(
        required=False,
        default=dict,
        help_text='set_category: {"category_id": 3}; price_percent: {"percent": "-10"}; others: {}.',
    )
    product_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=10_000, help_text="Products to change."
    )
