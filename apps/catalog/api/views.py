"""Store catalog API: products, variants, categories, images, stock and bulk changes, for staff
and tills (token or session; per-role permissions per HTTP method). Every view resolves the store
of the URL within the domain's merchant first (StoreAPIView) and reads and writes through
selectors and services, which look only inside that store. The public storefront API is in
storefront.py."""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from apps.accounts.api.base import StoreAPIView
from apps.accounts.permissions import check_store_permission
from apps.core.api.pagination import PagePagination
from apps.core.errors import ApplicationError, PermissionDenied, ValidationFailed
from apps.jobs.api import JobSerializer

from .. import limits, selectors, services
from ..models import Product, ProductImage, Variant
from .filters import ProductFilter
from .serializers import (
    COSTS_CONTEXT,
    LANGS,
    BulkInputSerializer,
    CategoryInputSerializer,
    CategorySerializer,
    CategoryUpdateSerializer,
    ErrorSerializer,
    ImageOrderSerializer,
    ImageSerializer,
    ImageUpdateSerializer,
    ImageUploadSerializer,
    InventorySettingsSerializer,
    LookupSerializer,
    OptionTypeInputSerializer,
    OptionTypeSerializer,
    OptionTypeUpdateSerializer,
    ProductCreateSerializer,
    ProductInputSerializer,
    ProductSerializer,
    StockAdjustSerializer,
    StockCountSerializer,
    StockSerializer,
    VariantCreateSerializer,
    VariantInputSerializer,
    VariantSerializer,
)

STORE_TAGS = ["catalog"]
MOVEMENTS_SHOWN = 20
TRANSLATED_PRODUCT = ("title", "description", "seo_title", "seo_description")
# Services name a language's column ("title_fr"); the API's field is "title" with a key "fr".
_COLUMN = re.compile(rf"^(title|description|seo_title|seo_description|name|alt_text)_({'|'.join(LANGS)})$")
_RENAMED = {"option_values": "option_value_ids"}

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No such object in this store"),
}
NOT_FOUND = {404: ERRORS[404]}
CONFLICT = {409: OpenApiResponse(ErrorSerializer, description="SKU, barcode or slug already used in this store")}


@contextmanager
def api_field_names():
    """Rename the fields a service names in its errors to the API's: "title_fr" -> "title.fr"."""
    try:
        yield
    except ApplicationError as exc:
        exc.fields = {
            _RENAMED.get(name, _COLUMN.sub(r"\1.\2", name)): messages for name, messages in exc.fields.items()
        }
        raise


def _columns(values: dict, fields=TRANSLATED_PRODUCT) -> dict:
    """{"title": {"fr": "X"}} -> {"title_fr": "X"}, as services and models take them."""
    result = dict(values)
    for field in fields:
        for lang, text in (result.pop(field, None) or {}).items():
            result[f"{field}_{lang}"] = text
    return result


PRODUCT_PREFETCH = (
    "categories",
    Prefetch("variants", queryset=Variant.objects.select_related("inventory").prefetch_related("option_values")),
    Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
)


class CatalogAPIView(StoreAPIView):
    def product_context(self) -> dict:
        """What product output needs: the request, and whether this role may see cost prices."""
        return {"request": self.request, COSTS_CONTEXT: self.has_perm("catalog.costs")}

    def check_cost_write(self, values: dict) -> None:
        """A cost price is only written by a role that may read it."""
        if "cost_price" in values and not self.has_perm("catalog.costs"):
            message = _("Your role in this store does not allow changing cost prices.")
            raise PermissionDenied(message, fields={"cost_price": [message]})

    def product_out(self, product_id: int) -> dict:
        product = selectors.product_get(store=self.store, product_id=product_id)
        return ProductSerializer(product, context=self.product_context()).data

    def variant(self, variant_id: int) -> Variant:
        return selectors.variant_get(store=self.store, variant_id=variant_id)

    def stock_out(self, variant_id: int) -> dict:
        variant = self.variant(variant_id)
        movements = selectors.movement_list(store=self.store, variant_id=variant.pk, limit=MOVEMENTS_SHOWN)
        return StockSerializer(
            {
                "variant_id": variant.pk,
                "product_id": variant.product_id,
                "sku": variant.sku,
                "inventory": variant.inventory,
                "movements": movements,
            }
        ).data


# --- Products -------------------------------------------------------------------------------------


class ProductListView(CatalogAPIView, GenericAPIView):
    permissions = {"GET": "catalog.view", "POST": "catalog.edit"}
    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    pagination_class = PagePagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Product.objects.none()
        params = self.request.query_params
        return (
            selectors.product_list(
                store=self.store, filters={"q": params.get("q", "")}, sort=params.get("ordering") or "newest"
            )
            .prefetch_related(None)
            .prefetch_related(*PRODUCT_PREFETCH)
        )

    @extend_schema(
        summary="List products",
        responses={200: ProductSerializer(many=True), **ERRORS},
        tags=STORE_TAGS,
    )
    def get(self, request, code):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(ProductSerializer(page, many=True, context=self.product_context()).data)

    @extend_schema(
        summary="Create a product (with its default variant)",
        request=ProductCreateSerializer,
        responses={201: ProductSerializer, **ERRORS, **CONFLICT},
        tags=STORE_TAGS,
    )
    def post(self, request, code):
        data = ProductCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        self.check_cost_write(values)
        category_ids = values.pop("categories", None)
        stock = values.pop("stock", 0)
        with api_field_names():
            product = services.product_create(
                store=self.store, actor=request.user, data=_columns(values), category_ids=category_ids, stock=stock
            )
        return Response(self.product_out(product.pk), status=status.HTTP_201_CREATED)


class ProductDetailView(CatalogAPIView):
    permissions = {"GET": "catalog.view", "PATCH": "catalog.edit", "DELETE": "catalog.delete"}

    @extend_schema(summary="A product", responses={200: ProductSerializer, **NOT_FOUND}, tags=STORE_TAGS)
    def get(self, request, code, pk):
        return Response(self.product_out(pk))

    @extend_schema(
        summary="Change a product (any subset of its fields)",
        request=ProductInputSerializer(partial=True),
        responses={200: ProductSerializer, **ERRORS, **CONFLICT},
        tags=STORE_TAGS,
    )
    def patch(self, request, code, pk):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        data = ProductInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        self.check_cost_write(values)
        category_ids = values.pop("categories", None)
        with api_field_names():
            services.product_update(
                store=self.store, product=product, actor=request.user, data=_columns(values), category_ids=category_ids
            )
        return Response(self.product_out(product.pk))

    @extend_schema(summary="Delete a product", responses={204: None, **NOT_FOUND}, tags=STORE_TAGS)
    def delete(self, request, code, pk):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        services.product_delete(store=self.store, product=product, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductLookupView(CatalogAPIView):
    permission = "catalog.view"

    @extend_schema(
        summary="Find a variant by SKU or barcode (till scanner)",
        parameters=[OpenApiParameter("code", str, required=True, description="SKU (any case) or barcode.")],
        responses={200: LookupSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def get(self, request, code):
        text = (request.query_params.get("code") or "").strip()
        if not text:
            message = _("Send the SKU or barcode as ?code=.")
            raise ValidationFailed(message, fields={"code": [message]})
        found = selectors.variant_lookup(store=self.store, code=text[:64])
        product = selectors.product_get(store=self.store, product_id=found.product_id)
        variant = next(v for v in product.variants.all() if v.pk == found.pk)
        item = variant.inventory
        body = {
            "variant": variant,
            "product": product,
            "price": variant.effective_price,
            "currency": product.currency,
            "available": item.available,
        }
        return Response(LookupSerializer(body, context=self.product_context()).data)


class BulkView(CatalogAPIView):
    permission = "catalog.edit"

    @extend_schema(
        summary="Change many products in the background",
        description="Queues a job and answers at once; poll `GET /api/v1/store/stores/{code}/jobs/{id}/`.",
        request=BulkInputSerializer,
        responses={202: JobSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def post(self, request, code):
        data = BulkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action = data.validated_data["action"]
        if action == "delete":
            check_store_permission(request, self.store, "catalog.delete")
        job = services.bulk_queue(
            store=self.store,
            actor=request.user,
            action=action,
            params=data.validated_data["params"],
            product_ids=data.validated_data["product_ids"],
        )
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


# --- Variants -------------------------------------------------------------------------------------


class VariantListView(CatalogAPIView):
    permissions = {"GET": "catalog.view", "POST": "catalog.edit"}

    @extend_schema(
        summary="Variants of a product",
        description=f"Every variant, unpaginated: a product has at most {limits.MAX_VARIANTS_PER_PRODUCT}.",
        responses={200: VariantSerializer(many=True), **NOT_FOUND},
        tags=STORE_TAGS,
    )
    def get(self, request, code, pk):
        product = selectors.product_get(store=self.store, product_id=pk)
        return Response(VariantSerializer(product.variants.all(), many=True).data)

    @extend_schema(
        summary="Add a variant",
        description=f"A product has at most {limits.MAX_VARIANTS_PER_PRODUCT} variants; "
        "one more is refused with `too_many_variants` (400).",
        request=VariantCreateSerializer,
        responses={201: VariantSerializer, **ERRORS, **CONFLICT},
        tags=STORE_TAGS,
    )
    def post(self, request, code, pk):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        data = VariantCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with api_field_names():
            variant = services.variant_create(
                store=self.store,
                product=product,
                actor=request.user,
                sku=values["sku"],
                barcode=values.get("barcode", ""),
                price=values.get("price"),
                option_value_ids=values.get("option_value_ids"),
                stock=values["stock"],
            )
        return Response(VariantSerializer(self.variant(variant.pk)).data, status=status.HTTP_201_CREATED)


class VariantDetailView(CatalogAPIView):
    permissions = {"GET": "catalog.view", "PATCH": "catalog.edit", "DELETE": "catalog.delete"}

    @extend_schema(summary="A variant", responses={200: VariantSerializer, **NOT_FOUND}, tags=STORE_TAGS)
    def get(self, request, code, pk):
        return Response(VariantSerializer(self.variant(pk)).data)

    @extend_schema(
        summary="Change a variant",
        request=VariantInputSerializer(partial=True),
        responses={200: VariantSerializer, **ERRORS, **CONFLICT},
        tags=STORE_TAGS,
    )
    def patch(self, request, code, pk):
        variant = self.variant(pk)
        data = VariantInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        with api_field_names():
            services.variant_update(
                store=self.store, variant=variant, actor=request.user, data=dict(data.validated_data)
            )
        return Response(VariantSerializer(self.variant(pk)).data)

    @extend_schema(
        summary="Delete a variant (not a product's last one)",
        responses={
            204: None,
            **NOT_FOUND,
            409: OpenApiResponse(ErrorSerializer, description="The product's last variant"),
        },
        tags=STORE_TAGS,
    )
    def delete(self, request, code, pk):
        services.variant_delete(store=self.store, variant=self.variant(pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Stock ----------------------------------------------------------------------------------------


class StockView(CatalogAPIView):
    permissions = {"GET": "catalog.view", "POST": "catalog.stock", "PUT": "catalog.stock", "PATCH": "catalog.edit"}

    @extend_schema(
        summary="Stock of a variant and its latest movements",
        responses={200: StockSerializer, **NOT_FOUND},
        tags=STORE_TAGS,
    )
    def get(self, request, code, pk):
        return Response(self.stock_out(pk))

    @extend_schema(
        summary="Add or remove stock",
        description="Refused with `stock_negative` (or `reserved_exceeds_stock`) below zero or below reservations.",
        request=StockAdjustSerializer,
        responses={200: StockSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def post(self, request, code, pk):
        data = StockAdjustSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.stock_adjust(
            store=self.store, variant_id=self.variant(pk).pk, actor=request.user, **data.validated_data
        )
        return Response(self.stock_out(pk))

    @extend_schema(
        summary="Record a stock count",
        request=StockCountSerializer,
        responses={200: StockSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def put(self, request, code, pk):
        data = StockCountSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.stock_set(store=self.store, variant_id=self.variant(pk).pk, actor=request.user, **data.validated_data)
        return Response(self.stock_out(pk))

    @extend_schema(
        summary="Change bin location or low-stock threshold",
        request=InventorySettingsSerializer,
        responses={200: StockSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def patch(self, request, code, pk):
        data = InventorySettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.inventory_settings_update(store=self.store, variant_id=self.variant(pk).pk, **data.validated_data)
        return Response(self.stock_out(pk))


# --- Categories -----------------------------------------------------------------------------------


class CategoryListView(CatalogAPIView):
    permissions = {"GET": "catalog.view", "POST": "catalog.edit"}

    @extend_schema(
        summary="The category tree",
        description="Every category once, in display order (a parent before its children), with its `depth`; "
        f"unpaginated: a store has at most {limits.MAX_CATEGORIES_PER_STORE} categories.",
        responses=CategorySerializer(many=True),
        tags=STORE_TAGS,
    )
    def get(self, request, code):
        nodes = []
        for category, depth in selectors.category_tree(store=self.store):
            category.depth = depth
            nodes.append(category)
        return Response(CategorySerializer(nodes, many=True).data)

    @extend_schema(
        summary="Create a category",
        description=f"A store has at most {limits.MAX_CATEGORIES_PER_STORE} categories; "
        "one more is refused with `too_many_categories` (400).",
        request=CategoryInputSerializer,
        responses={201: CategorySerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def post(self, request, code):
        data = CategoryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with api_field_names():
            category = services.category_create(
                store=self.store,
                actor=request.user,
                names=values["name"],
                parent_id=values.get("parent"),
                descriptions=values.get("description"),
            )
        return Response(CategorySerializer(category).data, status=status.HTTP_201_CREATED)


class CategoryDetailView(CatalogAPIView):
    permissions = {"GET": "catalog.view", "PATCH": "catalog.edit", "DELETE": "catalog.delete"}

    @extend_schema(summary="A category", responses={200: CategorySerializer, **NOT_FOUND}, tags=STORE_TAGS)
    def get(self, request, code, pk):
        return Response(CategorySerializer(selectors.category_get(store=self.store, category_id=pk)).data)

    @extend_schema(
        summary="Change a category",
        description="`parent`: null moves it to the top level; left out keeps it where it is. A new parent "
        "puts it last among its new siblings unless `position` says where. `position`: its place among its "
        "siblings, 0 first; the siblings are renumbered in one transaction.",
        request=CategoryUpdateSerializer(partial=True),
        responses={200: CategorySerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def patch(self, request, code, pk):
        category = selectors.category_get(store=self.store, category_id=pk)
        data = CategoryUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        names = None
        if "name" in values:
            names = {lang: getattr(category, f"name_{lang}") or "" for lang in LANGS} | values["name"]
        with api_field_names():
            category = services.category_update(
                store=self.store,
                category=category,
                actor=request.user,
                names=names,
                parent_id=values.get("parent", "keep"),
                is_active=values.get("is_active"),
                descriptions=values.get("description"),
                position=values.get("position"),
            )
        return Response(CategorySerializer(category).data)

    @extend_schema(
        summary="Delete a category",
        description="Its children move up to its parent; its products stay, without this category.",
        responses={204: None, **NOT_FOUND},
        tags=STORE_TAGS,
    )
    def delete(self, request, code, pk):
        category = selectors.category_get(store=self.store, category_id=pk)
        services.category_delete(store=self.store, category=category, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Option types ---------------------------------------------------------------------------------

OPTION_LIMITS = (
    f"A store has at most {limits.MAX_OPTION_TYPES_PER_STORE} options "
    f"(`too_many_option_types`), an option at most {limits.MAX_VALUES_PER_OPTION_TYPE} values "
    "(`too_many_option_values`)."
)


def _option_values_in(items) -> list[dict]:
    """API value items -> the service's: {"id": 3, "names": {"en": "S"}}."""
    return [{"id": item.get("id"), "names": item.get("value")} for item in items]


class OptionTypeListView(CatalogAPIView):
    permissions = {"GET": "catalog.view", "POST": "catalog.edit"}

    @extend_schema(
        summary="Options of the store (size, colour ...) with their values",
        description="Every option in order, unpaginated, each with its values in order. " + OPTION_LIMITS,
        responses={200: OptionTypeSerializer(many=True), **ERRORS},
        tags=STORE_TAGS,
    )
    def get(self, request, code):
        return Response(OptionTypeSerializer(selectors.option_type_list(store=self.store), many=True).data)

    @extend_schema(
        summary="Create an option with its values",
        description="Names are unique in the store and values within their option, in any language and case: "
        "a name already used is `option_type_name_taken` (409), a value twice in the list "
        "`option_value_duplicate` (400). " + OPTION_LIMITS,
        request=OptionTypeInputSerializer,
        responses={
            201: OptionTypeSerializer,
            **ERRORS,
            409: OpenApiResponse(ErrorSerializer, description="Another option of this store has this name"),
        },
        tags=STORE_TAGS,
    )
    def post(self, request, code):
        data = OptionTypeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with api_field_names():
            option_type = services.option_type_create(
                store=self.store,
                actor=request.user,
                names=values["name"],
                values=[item["value"] for item in values.get("values", [])],
            )
        body = OptionTypeSerializer(selectors.option_type_get(store=self.store, option_type_id=option_type.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class OptionTypeDetailView(CatalogAPIView):
    permissions = {"GET": "catalog.view", "PATCH": "catalog.edit", "DELETE": "catalog.delete"}

    @extend_schema(summary="An option", responses={200: OptionTypeSerializer, **NOT_FOUND}, tags=STORE_TAGS)
    def get(self, request, code, pk):
        return Response(OptionTypeSerializer(selectors.option_type_get(store=self.store, option_type_id=pk)).data)

    @extend_schema(
        summary="Rename an option, or add, rename, reorder and remove its values",
        description="`name`: the languages sent change, the others stay. `values`: the whole list in its new "
        'order, `{"id": 3}` keeping a value (with `value` renaming it), `{"value": {...}}` adding one; a value '
        "left out is deleted, unless a variant uses it: then `option_value_in_use` (409) and nothing changes. "
        + OPTION_LIMITS,
        request=OptionTypeUpdateSerializer,
        responses={
            200: OptionTypeSerializer,
            **ERRORS,
            409: OpenApiResponse(
                ErrorSerializer, description="Name used by another option, or a removed value used by variants"
            ),
        },
        tags=STORE_TAGS,
    )
    def patch(self, request, code, pk):
        option_type = selectors.option_type_get(store=self.store, option_type_id=pk)
        data = OptionTypeUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with api_field_names():
            services.option_type_update(
                store=self.store,
                option_type=option_type,
                actor=request.user,
                names=values.get("name"),
                values=_option_values_in(values["values"]) if "values" in values else None,
            )
        return Response(OptionTypeSerializer(selectors.option_type_get(store=self.store, option_type_id=pk)).data)

    @extend_schema(
        summary="Delete an option and its values",
        description="Refused with `option_type_in_use` (409) while a variant uses one of its values.",
        responses={
            204: None,
            **NOT_FOUND,
            409: OpenApiResponse(ErrorSerializer, description="A variant uses one of its values"),
        },
        tags=STORE_TAGS,
    )
    def delete(self, request, code, pk):
        option_type = selectors.option_type_get(store=self.store, option_type_id=pk)
        services.option_type_delete(store=self.store, option_type=option_type, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Images ---------------------------------------------------------------------------------------


class ImageListView(CatalogAPIView):
    permissions = {"GET": "catalog.view", "POST": "catalog.edit"}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Images of a product",
        description=f"Every image, unpaginated: a product has at most {limits.MAX_IMAGES_PER_PRODUCT}.",
        responses={200: ImageSerializer(many=True), **NOT_FOUND},
        tags=STORE_TAGS,
    )
    def get(self, request, code, pk):
        product = selectors.product_get(store=self.store, product_id=pk)
        return Response(ImageSerializer(product.images.all(), many=True, context={"request": request}).data)

    @extend_schema(
        summary="Upload an image",
        description="Checked by content, not name: anything but JPEG, PNG, WebP or GIF is `image_invalid`. "
        "Renditions are made in the background (`status` turns from processing to ready). "
        f"A product has at most {limits.MAX_IMAGES_PER_PRODUCT} images; one more is `too_many_images` (400).",
        request={"multipart/form-data": ImageUploadSerializer},
        responses={201: ImageSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def post(self, request, code, pk):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        data = ImageUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.image_add(
            store=self.store,
            product=product,
            actor=request.user,
            upload=data.validated_data["image"],
            alt_text=data.validated_data.get("alt_text", ""),
        )
        return Response(ImageSerializer(image, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ImageDetailView(CatalogAPIView):
    permission = "catalog.edit"

    @extend_schema(
        summary="Change an image's alt texts or make it the main image",
        request=ImageUpdateSerializer,
        responses={200: ImageSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def patch(self, request, code, pk, image_id):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        data = ImageUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with api_field_names():
            image = services.image_update(
                store=self.store,
                product=product,
                image_id=image_id,
                actor=request.user,
                alt_texts=data.validated_data.get("alt_text"),
                primary=data.validated_data.get("is_primary"),
            )
        return Response(ImageSerializer(image, context={"request": request}).data)

    @extend_schema(summary="Delete an image", responses={204: None, **NOT_FOUND}, tags=STORE_TAGS)
    def delete(self, request, code, pk, image_id):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        services.image_delete(store=self.store, product=product, image_id=image_id, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ImageOrderView(CatalogAPIView):
    permission = "catalog.edit"

    @extend_schema(
        summary="Reorder a product's images",
        request=ImageOrderSerializer,
        responses={200: ImageSerializer(many=True), **ERRORS},
        tags=STORE_TAGS,
    )
    def post(self, request, code, pk):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        data = ImageOrderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.image_reorder(
            store=self.store, product=product, ordered_ids=data.validated_data["order"], actor=request.user
        )
        images = selectors.product_get(store=self.store, product_id=pk).images.all()
        return Response(ImageSerializer(images, many=True, context={"request": request}).data)
