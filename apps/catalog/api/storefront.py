"""Storefront catalog API: public reads of the shop of the domain, for apps and headless
front ends. Only active products and visible categories; texts in the visitor's language as plain
strings; no back-office data (cost price, stock counts, drafts). Kept apart from the store API
(views.py, serializers.py), which staff and tills use with a token and a role."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from apps.core.api.pagination import PagePagination
from apps.core.api.views import MerchantAPIView
from apps.core.errors import NotFound

from .. import selectors
from ..models import Category, Product, ProductImage, Variant
from .serializers import (
    LANGS,
    ImageFilesMixin,
    Money,
    VatRateField,
    inventory_items,
    inventory_of,
)
from .views import ERRORS

STOREFRONT_TAGS = ["storefront catalog"]

# --- Serializers ----------------------------------------------------------------------------------


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


# --- Views ----------------------------------------------------------------------------------------

LANG_PARAMETER = OpenApiParameter(
    "lang", str, enum=LANGS, description="Language of the texts; default: the visitor's, else the store's."
)


class StorefrontAPIView(MerchantAPIView):
    """Public reads of the store of the domain (404 on the platform's own domain, and when the
    merchant's catalog module is off)."""

    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if "catalog" not in request.merchant.enabled_modules or request.store is None:
            raise NotFound(_("This shop has no catalog."))
        self.store = request.store
        lang = request.query_params.get("lang")
        if lang in LANGS:
            translation.activate(lang)


@extend_schema_view(
    get=extend_schema(
        operation_id="storefront_catalog_products_list",
        summary="Browse and search the shop",
        parameters=[
            OpenApiParameter("q", str, description="Search text (any characters; typo-tolerant)."),
            OpenApiParameter("category", str, description="Category slug; includes its subcategories."),
            OpenApiParameter("brand", str, description="Exact brand."),
            OpenApiParameter("min_price", OpenApiTypes.DECIMAL, description="Cheapest variant at least this."),
            OpenApiParameter("max_price", OpenApiTypes.DECIMAL, description="Cheapest variant at most this."),
            OpenApiParameter("in_stock", bool, description="true: only products in stock."),
            OpenApiParameter(
                "sort",
                str,
                enum=["relevance", "newest", "price_asc", "price_desc", "title"],
                description="Default: relevance with q, else newest. Prices sort by the cheapest variant.",
            ),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="At most 100."),
            LANG_PARAMETER,
        ],
        responses={200: StorefrontListingSerializer, 404: ERRORS[404]},
        tags=STOREFRONT_TAGS,
        auth=[],
    )
)
class StorefrontProductListView(StorefrontAPIView):
    def get(self, request):
        listing = selectors.storefront_listing(store=self.store, params=request.query_params)
        paginator = PagePagination()
        page = paginator.paginate_queryset(listing.products, request, view=self)
        return Response(
            {
                "count": paginator.page.paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": StorefrontProductSerializer(page, many=True, context={"request": request}).data,
                "facets": FacetsSerializer(listing.facets).data,
                "filters": {
                    key: value if isinstance(value, bool) else str(value) for key, value in listing.filters.items()
                },
                "sort": listing.sort,
                "corrected": listing.corrected,
            }
        )


class StorefrontProductDetailView(StorefrontAPIView):
    @extend_schema(
        summary="A product page",
        parameters=[LANG_PARAMETER],
        responses={200: StorefrontProductDetailSerializer, 404: ERRORS[404]},
        tags=STOREFRONT_TAGS,
        auth=[],
    )
    def get(self, request, slug):
        product = selectors.storefront_product(store=self.store, slug=slug)
        return Response(StorefrontProductDetailSerializer(product, context={"request": request}).data)


class StorefrontCategoryTreeView(StorefrontAPIView):
    @extend_schema(
        summary="The shop's category tree",
        parameters=[LANG_PARAMETER],
        responses={200: StorefrontCategorySerializer(many=True), 404: ERRORS[404]},
        tags=STOREFRONT_TAGS,
        auth=[],
    )
    def get(self, request):
        roots: list[dict] = []
        nodes: dict[int, dict] = {}
        for category, _depth in selectors.category_tree(store=self.store, active_only=True):
            node = {
                "id": category.pk,
                "slug": category.slug,
                "name": category.name,
                "description": category.description,
                "children": [],
            }
            nodes[category.pk] = node
            parent = nodes.get(category.parent_id)
            (parent["children"] if parent is not None else roots).append(node)
        return Response(StorefrontCategorySerializer(roots, many=True).data)
