"""Stock of a variant: read with its latest movements, adjust, count, settings."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from ... import services
from ...permissions import Action
from ..serializers.stock import (
    InventorySettingsSerializer,
    StockAdjustSerializer,
    StockCountSerializer,
    StockSerializer,
)
from ._base import ERRORS, NOT_FOUND, STORE_TAGS, CatalogAPIView


class StockView(CatalogAPIView):
    actions = {
        "GET": Action.VIEW,
        "POST": Action.STOCK_ADJUST,
        "PUT": Action.STOCK_COUNT,
        "PATCH": Action.STOCK_SETTINGS,
    }

    @extend_schema(
        summary="Stock of a variant and its latest movements",
        responses={200: StockSerializer, **NOT_FOUND},
        tags=STORE_TAGS,
    )
    def get(self, _request, pk, **kwargs):
        return Response(self.stock_out(pk))

    @extend_schema(
        summary="Add or remove stock",
        description="Refused with `stock_negative` (or `reserved_exceeds_stock`) below zero or below reservations.",
        request=StockAdjustSerializer,
        responses={200: StockSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def post(self, request, pk, **kwargs):
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
    def put(self, request, pk, **kwargs):
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
    def patch(self, request, pk, **kwargs):
        data = InventorySettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.inventory_settings_update(
            store=self.store, variant_id=self.variant(pk).pk, actor=request.user, **data.validated_data
        )
        return Response(self.stock_out(pk))
