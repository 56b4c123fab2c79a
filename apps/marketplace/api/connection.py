"""The store API's Letzshop connection: read it (never the key: its last four characters), change
the key and options, test a key without saving it, disconnect; and, on a Letzshop order, confirm or
decline its units and send carrier and tracking."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer
from apps.orders import selectors as orders_selectors

from ..letzshop import operations
from ..models import LetzshopConnection, LetzshopShipment
from ..permissions import Action, ActionAccess
from ..services import connection as connection_services
from ..services import units as units_services

TAGS = ["marketplace"]
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input, or Letzshop refused the key / call"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="No such Letzshop order in this store")}
CARRIER_CHOICES = [("", "—"), *operations.CARRIERS.items()]


class ConnectionSerializer(serializers.ModelSerializer):
    has_key = serializers.BooleanField(read_only=True)

    class Meta:
        model = LetzshopConnection
        fields = [
            "has_key",
            "api_key_hint",
            "api_key_saved_at",
            *connection_services.OPTIONS,
            "last_sync_at",
            "last_sync_health",
            "last_sync_error",
            "historical_import_done_at",
        ]
        read_only_fields = fields


class ConnectionInput(serializers.Serializer):
    api_key = serializers.CharField(required=False, allow_blank=True, max_length=500, write_only=True)
    default_carrier = serializers.ChoiceField(choices=CARRIER_CHOICES, required=False, allow_blank=True)
    auto_sync = serializers.BooleanField(required=False)
    follow_feed_price = serializers.BooleanField(required=False)
    follow_feed_availability = serializers.BooleanField(required=False)
    gone_policy = serializers.ChoiceField(choices=LetzshopConnection.GonePolicy.choices, required=False)
    scheduled_reimport = serializers.BooleanField(required=False)


class TestInput(serializers.Serializer):
    api_key = serializers.CharField(allow_blank=True, max_length=500, trim_whitespace=True)


class VendorSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()


TEST_OUT = inline_serializer("ConnectionTestResult", {"ok": serializers.BooleanField(), "vendor": VendorSerializer()})


class ShipmentSerializer(serializers.ModelSerializer):
    units = serializers.SerializerMethodField()

    class Meta:
        model = LetzshopShipment
        fields = ["shipment_id", "number", "state", "carrier", "tracking_code", "tracking_sent_at", "units"]
        read_only_fields = fields

    def get_units(self, shipment) -> list[dict]:
        return [
            {"id": unit.pk, "unit_id": unit.unit_id, "order_line": unit.order_line_id, "state": unit.state}
            for unit in shipment.units.all()
        ]


class UnitsInput(serializers.Serializer):
    decisions = serializers.DictField(
        child=serializers.BooleanField(), allow_empty=False, help_text="unit id -> available (true: confirm)"
    )

    def validate_decisions(self, value):
        cleaned = {}
        for key, available in value.items():
            if not str(key).isascii() or not str(key).isdigit() or len(str(key)) > 18:
                raise serializers.ValidationError("Unit ids are numbers.")
            cleaned[int(key)] = available
        return cleaned


class TrackingInput(serializers.Serializer):
    carrier = serializers.ChoiceField(choices=list(operations.CARRIERS.items()))
    code = serializers.CharField(max_length=100)


class MarketplaceAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "marketplace"

    def valid(self, serializer_class):
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data


class ConnectionView(MarketplaceAPIView):
    actions = {"GET": Action.CONNECTION_VIEW, "PUT": Action.CONNECTION_CHANGE, "DELETE": Action.CONNECTION_CHANGE}

    @extend_schema(summary="The Letzshop connection", responses={200: ConnectionSerializer, **ERRORS}, tags=TAGS)
    def get(self, _request, **kwargs):
        return Response(ConnectionSerializer(connection_services.connection_get(store=self.store)).data)

    @extend_schema(
        summary="Change the Letzshop connection",
        description="A new `api_key` is tested against Letzshop before it is saved; omitted fields are kept.",
        request=ConnectionInput,
        responses={200: ConnectionSerializer, **ERRORS},
        tags=TAGS,
    )
    def put(self, request, **kwargs):
        data = dict(self.valid(ConnectionInput))
        api_key = data.pop("api_key", "") or None
        connection = connection_services.connection_save(store=self.store, actor=request.user, api_key=api_key, **data)
        return Response(ConnectionSerializer(connection).data)

    @extend_schema(summary="Disconnect: forget the API key", responses={204: None, **ERRORS}, tags=TAGS)
    def delete(self, request, **kwargs):
        connection_services.connection_disconnect(store=self.store, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConnectionTestView(MarketplaceAPIView):
    actions = {"POST": Action.CONNECTION_CHANGE}

    @extend_schema(
        summary="Test an API key without saving it", request=TestInput, responses={200: TEST_OUT, **ERRORS}, tags=TAGS
    )
    def post(self, request, **kwargs):
        vendor = connection_services.connection_test(api_key=self.valid(TestInput)["api_key"])
        return Response({"ok": True, "vendor": {"id": vendor.id, "name": vendor.name, "email": vendor.email}})


class OrderShipmentView(MarketplaceAPIView):
    actions = {"GET": Action.VIEW}

    def shipment(self, order_id):
        order = orders_selectors.order_get(store=self.store, order_id=order_id)
        return order, units_services.shipment_of(store=self.store, order=order)

    @extend_schema(
        summary="The Letzshop shipment of an order",
        responses={200: ShipmentSerializer, **ERRORS, **NOT_FOUND},
        tags=TAGS,
    )
    def get(self, _request, order_id, **kwargs):
        return Response(ShipmentSerializer(self.shipment(order_id)[1]).data)


class OrderUnitsView(OrderShipmentView):
    actions = {"POST": Action.UNITS_CONFIRM}
    http_method_names = ["post", "options"]

    @extend_schema(
        summary="Confirm or decline units on Letzshop",
        request=UnitsInput,
        responses={200: ShipmentSerializer, **ERRORS, **NOT_FOUND},
        tags=TAGS,
    )
    def post(self, request, order_id, **kwargs):
        order, _shipment = self.shipment(order_id)
        decisions = self.valid(UnitsInput)["decisions"]
        shipment = units_services.units_decide(store=self.store, order=order, decisions=decisions, actor=request.user)
        return Response(ShipmentSerializer(shipment).data)


class OrderTrackingView(OrderShipmentView):
    actions = {"POST": Action.TRACKING_SET}
    http_method_names = ["post", "options"]

    @extend_schema(
        summary="Send carrier and tracking number to Letzshop",
        request=TrackingInput,
        responses={200: ShipmentSerializer, **ERRORS, **NOT_FOUND},
        tags=TAGS,
    )
    def post(self, request, order_id, **kwargs):
        order, _shipment = self.shipment(order_id)
        data = self.valid(TrackingInput)
        units_services.shipment_tracking_set(
            store=self.store, order=order, carrier=data["carrier"], code=data["code"], actor=request.user
        )
        return Response(ShipmentSerializer(units_services.shipment_of(store=self.store, order=order)).data)
