"""Products of the store: list with filters, create, read, change, delete, and the till's lookup
by SKU or barcode."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from apps.core.api.pagination import PagePagination
from apps.core.errors import ValidationFailed

from ... import selectors, services
from ...models import Product
from ...permissions import Action
from ..filters import ProductFilter
from ..serializers.products import LookupSerializer, ProductCreateSerializer, ProductInputSerializer, ProductSerializer
from ._base import CONFLICT, ERRORS, NOT_FOUND, PRODUCT_PREFETCH, STORE_TAGS, CatalogAPIView


class ProductListView(CatalogAPIView, GenericAPIView):
    actions = {"GET": Action.VIEW, "POST": Action.PRODUCT_CREATE}
    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    pagination_class = PagePagination
    queryset_model = Product

    def scoped_queryset(self, queryset):
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
    def get(self, _request, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(ProductSerializer(page, many=True, context=self.product_context()).data)

    @extend_schema(
        summary="Create a product (with its default variant)",
        request=ProductCreateSerializer,
        responses={201: ProductSerializer, **ERRORS, **CONFLICT},
        tags=STORE_TAGS,
    )
    def post(self, request, **kwargs):
        data = ProductCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        self.check_cost_write(values)
        category_ids = values.pop("categories", None)
        stock = values.pop("stock", 0)
        product = services.product_create(
            store=self.store, actor=request.user, data=values, category_ids=category_ids, stock=stock
        )
        return Response(self.product_out(product.pk), status=status.HTTP_201_CREATED)


class ProductDetailView(CatalogAPIView):
    actions = {"GET": Action.VIEW, "PATCH": Action.PRODUCT_CHANGE, "DELETE": Action.PRODUCT_DELETE}

    @extend_schema(summary="A product", responses={200: ProductSerializer, **NOT_FOUND}, tags=STORE_TAGS)
    def get(self, _request, pk, **kwargs):
        return Response(self.product_out(pk))

    @extend_schema(
        summary="Change a product (any subset of its fields)",
        request=ProductInputSerializer(partial=True),
        responses={200: ProductSerializer, **ERRORS, **CONFLICT},
        tags=STORE_TAGS,
    )
    def patch(self, request, pk, **kwargs):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        data = ProductInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        self.check_cost_write(values)
        category_ids = values.pop("categories", None)
        services.product_update(
            store=self.store, product=product, actor=request.user, data=values, category_ids=category_ids
        )
        return Response(self.product_out(product.pk))

    @extend_schema(summary="Delete a product", responses={204: None, **NOT_FOUND}, tags=STORE_TAGS)
    def delete(self, request, pk, **kwargs):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        services.product_delete(store=self.store, product=product, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductLookupView(CatalogAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(
        summary="Find a variant by SKU or barcode (till scanner)",
        parameters=[OpenApiParameter("code", str, required=True, description="SKU (any case) or barcode.")],
        responses={200: LookupSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def get(self, request, **kwargs):
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
