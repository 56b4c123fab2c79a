"""Variants of a product: list, add, read, change, delete."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.errors import ErrorSerializer

from ... import limits, selectors, services
from ...permissions import Action
from ..serializers.variants import VariantCreateSerializer, VariantInputSerializer, VariantSerializer
from ._base import CONFLICT, ERRORS, NOT_FOUND, STORE_TAGS, CatalogAPIView


class VariantListView(CatalogAPIView):
    actions = {"GET": Action.VIEW, "POST": Action.VARIANT_CREATE}

    @extend_schema(
        summary="Variants of a product",
        description=f"Every variant, unpaginated: a product has at most {limits.MAX_VARIANTS_PER_PRODUCT}.",
        responses={200: VariantSerializer(many=True), **NOT_FOUND},
        tags=STORE_TAGS,
    )
    def get(self, _request, pk, **kwargs):
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
    def post(self, request, pk, **kwargs):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        data = VariantCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
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
    actions = {"GET": Action.VIEW, "PATCH": Action.VARIANT_CHANGE, "DELETE": Action.VARIANT_DELETE}

    @extend_schema(summary="A variant", responses={200: VariantSerializer, **NOT_FOUND}, tags=STORE_TAGS)
    def get(self, _request, pk, **kwargs):
        return Response(VariantSerializer(self.variant(pk)).data)

    @extend_schema(
        summary="Change a variant",
        request=VariantInputSerializer(partial=True),
        responses={200: VariantSerializer, **ERRORS, **CONFLICT},
        tags=STORE_TAGS,
    )
    def patch(self, request, pk, **kwargs):
        variant = self.variant(pk)
        data = VariantInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.variant_update(store=self.store, variant=variant, actor=request.user, data=dict(data.validated_data))
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
    def delete(self, request, pk, **kwargs):
        services.variant_delete(store=self.store, variant=self.variant(pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
