"""Products, as the store API shows and takes them, and what the till gets after a scan."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ...models import Product
from .common import Money, PriceInput, Translations, VatRateField, texts_input
from .images import ImageSerializer
from .stock import inventory_items
from .variants import VariantSerializer

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


class LookupSerializer(serializers.Serializer):
    """What the till needs after a scan: the variant, its product, the price and the stock."""

    variant = VariantSerializer()
    product = ProductSerializer()
    price = Money(help_text="The variant's effective price incl. VAT.")
    currency = serializers.CharField()
    available = serializers.IntegerField()


class ProductInputSerializer(serializers.Serializer):
    """Create (POST) or change (PATCH: any subset of the fields) a product."""

    sku = serializers.CharField(max_length=64)
    gtin = serializers.CharField(max_length=14, allow_blank=True, required=False)
    brand = serializers.CharField(max_length=120, allow_blank=True, required=False)
    slug = serializers.CharField(
        max_length=220, allow_blank=True, required=False, help_text="Made from the title when empty."
    )
    status = serializers.ChoiceField(choices=Product.Status.choices, required=False)
    title = texts_input(Product, "title", help_text="At least one language needs a title.")
    description = texts_input(Product, "description", required=False)
    seo_title = texts_input(Product, "seo_title", required=False)
    seo_description = texts_input(Product, "seo_description", required=False)
    price = PriceInput()
    compare_at_price = PriceInput(required=False, allow_null=True)
    cost_price = PriceInput(
        required=False,
        allow_null=True,
        help_text="Needs the catalog.costs permission (every staff role but the cashier); refused with 403 otherwise.",
    )
    vat_rate = VatRateField(required=False)
    weight_grams = PlainNumberField(min_value=0, max_value=10_000_000, required=False, allow_null=True)
    is_featured = serializers.BooleanField(required=False)
    categories = serializers.ListField(
        child=PlainNumberField(min_value=1), required=False, max_length=500, help_text="Category ids."
    )


class ProductCreateSerializer(ProductInputSerializer):
    stock = PlainNumberField(
        min_value=0,
        max_value=1_000_000,
        required=False,
        default=0,
        help_text="Initial stock of the default variant. Later changes go through the variant's stock endpoint.",
    )
