"""Serializers of the storefront API: active products and visible categories, texts in the
visitor's language as plain strings, no back-office data (cost price, stock counts, drafts)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import Category, Product, ProductImage, Variant
from .common import Money, VatRateField
from .images import ImageFilesMixin
from .stock import inventory_items, inventory_of


class StorefrontImageSerializer(ImageFilesMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    alt = serializers.CharField(source="alt_text", read_only=True)
    renditions = serializers.SerializerMethodField()

    class Meta:
        model = ProductImage
        fields = ["id", "url", "width", "height", "alt", "is_primary", "renditions"]
        read_only_fields = fields


class StorefrontVariantSerializer(serializers.ModelSerializer):
    price = Money(source="effective_price")
    options = serializers.SerializerMethodField()
    in_stock = serializers.SerializerMethodField()

    class Meta:
        model = Variant
        fields = ["id", "sku", "price", "options", "in_stock"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.DictField(child=serializers.CharField())))
    def get_options(self, variant):
        return [{"option": str(v.option_type.name), "value": v.value} for v in variant.option_values.all()]

    def get_in_stock(self, variant) -> bool:
        item = inventory_of(variant)
        return item is not None and item.available > 0


class StorefrontProductSerializer(serializers.ModelSerializer):
    """A product card of a listing; texts in the visitor's language."""

    price = Money()
    price_min = Money(help_text="What the cheapest variant sells for (incl. VAT).")
    price_max = Money(help_text='What the dearest variant sells for; above price_min: show "from" prices.')
    compare_at_price = Money(allow_null=True)
    in_stock = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField(help_text="The main image, if any.")

    class Meta:
        model = Product
        fields = [
            "id",
            "slug",
            "title",
            "brand",
            "price",
            "price_min",
            "price_max",
            "compare_at_price",
            "currency",
            "in_stock",
            "image",
        ]
        read_only_fields = fields

    def get_in_stock(self, product) -> bool:
        if hasattr(product, "in_stock"):
            return bool(product.in_stock)
        return any(item.available > 0 for item in inventory_items(product))

    @extend_schema_field(StorefrontImageSerializer(allow_null=True))
    def get_image(self, product):
        images = getattr(product, "primary_images", None)
        if images is None:
            images = [i for i in product.images.all() if i.is_primary]
        return StorefrontImageSerializer(images[0], context=self.context).data if images else None


class StorefrontCategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "slug", "name"]
        read_only_fields = fields


class StorefrontProductDetailSerializer(StorefrontProductSerializer):
    """A product page: the card plus texts, variants, images and categories."""

    vat_rate = VatRateField(read_only=True)
    variants = StorefrontVariantSerializer(many=True, read_only=True)
    images = StorefrontImageSerializer(many=True, read_only=True)
    categories = StorefrontCategoryRefSerializer(many=True, read_only=True)

    class Meta(StorefrontProductSerializer.Meta):
        fields = [
            *StorefrontProductSerializer.Meta.fields,
            "description",
            "seo_title",
            "seo_description",
            "vat_rate",
            "weight_grams",
            "variants",
            "images",
            "categories",
        ]
        read_only_fields = fields


class StorefrontCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()


# A tree: every node carries its visible children.
StorefrontCategorySerializer._declared_fields["children"] = StorefrontCategorySerializer(many=True)


class FacetCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class FacetBrandSerializer(serializers.Serializer):
    brand = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    """Counts over the products that match the search and category, before the other filters."""

    categories = FacetCategorySerializer(many=True)
    brands = FacetBrandSerializer(many=True)
    price_min = Money(allow_null=True)
    price_max = Money(allow_null=True)
    in_stock = serializers.IntegerField(help_text="How many are in stock.")


class StorefrontListingSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = StorefrontProductSerializer(many=True)
    facets = FacetsSerializer()
    filters = serializers.DictField(help_text="The filters applied, as understood (unknown values are ignored).")
    sort = serializers.ChoiceField(choices=["relevance", "newest", "price_asc", "price_desc", "title"])
    corrected = serializers.CharField(
        help_text="When `q` found little and its typos were corrected: the words also searched for; else empty."
    )
    corrected_only = serializers.BooleanField(
        help_text="True when `q` as typed found nothing and every result is for the `corrected` words."
    )
