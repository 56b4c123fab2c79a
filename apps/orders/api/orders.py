"""The store API's orders: the list with filters, one order, and the actions on it (confirm,
cancel, fulfil, deliver, record a payment, refund, returns, notes). Each endpoint declares its
action (apps.orders.permissions), as the store pages do, so both take the permission from one
table; every action answers with the order as it is afterwards."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer
from apps.core.api.pagination import PagePagination

from .. import selectors, services
from ..models import Order
from ..permissions import Action, ActionAccess
from .orders_filters import OrderFilter
from .orders_serializers import (
    CancelInput,
    DeliverInput,
    FulfilInput,
    NoteInput,
    OrderListSerializer,
    OrderSerializer,
    PaymentInput,
    RefundInput,
    ReturnDecisionInput,
    ReturnInput,
)

TAGS = ["orders"]
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No such order in this store"),
}
STATE = {409: OpenApiResponse(ErrorSerializer, description="The order's state does not allow it (code order_state)")}


class OrderPagination(PagePagination):
    """Pages that never count every order: `count` stops at selectors.COUNT_CAP, and
    `count_capped` says when there are more."""

    django_paginator_class = selectors.OrderPaginator

    def paginate_queryset(self, queryset, request, view=None):
        searching = bool(str(request.query_params.get("q", "")).strip())
        self.django_paginator_class = partial(selectors.OrderPaginator, searching=searching)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        paginator = self.page.paginator
        response.data["count"] = min(paginator.count, paginator.cap)
        response.data["count_capped"] = paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {"type": "boolean", "description": "More orders than `count`."}
        return schema


class OrdersAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "orders"

    def order_out(self, order_id, *, created: bool = False) -> Response:
        order = selectors.order_get(store=self.store, order_id=order_id)
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def valid(self, serializer_class):
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data


class OrderListView(OrdersAPIView, GenericAPIView):
    actions = {"GET": Action.VIEW}
    serializer_class = OrderListSerializer
    filterset_class = OrderFilter
    pagination_class = OrderPagination
    queryset_model = Order

    def scoped_queryset(self, queryset):
        filters = OrderFilter(self.request.query_params, queryset=queryset).selector_filters()
        return selectors.order_list(store=self.store, filters=filters)

    @extend_schema(summary="List orders", responses={200: OrderListSerializer(many=True), **ERRORS}, tags=TAGS)
    def get(self, _request, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(OrderListSerializer(page, many=True).data)


class OrderDetailView(OrdersAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(summary="An order", responses={200: OrderSerializer, **ERRORS}, tags=TAGS)
    def get(self, _request, pk, **kwargs):
        return self.order_out(pk)


class OrderConfirmView(OrdersAPIView):
    actions = {"POST": Action.CONFIRM}

    @extend_schema(
        summary="Confirm an open order", request=None, responses={200: OrderSerializer, **ERRORS, **STATE}, tags=TAGS
    )
    def post(self, request, pk, **kwargs):
        order = services.order_confirm(store=self.store, order_id=pk, actor=request.user)
        return self.order_out(order.pk)


class OrderCancelView(OrdersAPIView):
    actions = {"POST": Action.CANCEL}

    @extend_schema(
        summary="Cancel an order (its stock goes back on sale; refund what was paid when asked)",
        request=CancelInput,
        responses={200: OrderSerializer, **ERRORS, **STATE},
        tags=TAGS,
    )
    def post(self, request, pk, **kwargs):
        data = self.valid(CancelInput)
        order = services.order_cancel(
            store=self.store, order_id=pk, actor=request.user, refund=data["refund"], reason=data["reason"]
        )
        return self.order_out(order.pk)


class OrderFulfilView(OrdersAPIView):
    actions = {"POST": Action.FULFIL}

    @extend_schema(
        summary="Fulfil some lines, or all that is left",
        request=FulfilInput,
        responses={201: OrderSerializer, **ERRORS, **STATE},
        tags=TAGS,
    )
    def post(self, request, pk, **kwargs):
        data = self.valid(FulfilInput)
        lines = [services.FulfilLineRequest(line["order_line_id"], line["quantity"]) for line in data.get("lines", [])]
        services.fulfilment_create(
            store=self.store,
            order_id=pk,
            actor=request.user,
            lines=lines or None,
            carrier=data["carrier"],
            tracking_number=data["tracking_number"],
            tracking_url=data["tracking_url"],
            notify_customer=data["notify_customer"],
        )
        return self.order_out(pk, created=True)


class OrderDeliverView(OrdersAPIView):
    actions = {"POST": Action.FULFIL}

    @extend_schema(
        summary="Mark a shipment delivered",
        request=DeliverInput,
        responses={200: OrderSerializer, **ERRORS, **STATE},
        tags=TAGS,
    )
    def post(self, request, pk, **kwargs):
        data = self.valid(DeliverInput)
        services.fulfilment_deliver(
            store=self.store, order_id=pk, fulfilment_id=data["fulfilment_id"], actor=request.user
        )
        return self.order_out(pk)


class OrderPaymentView(OrdersAPIView):
    actions = {"POST": Action.PAYMENT_RECORD}

    @extend_schema(
        summary="Record a payment received (never more than the balance due)",
        request=PaymentInput,
        responses={201: OrderSerializer, **ERRORS, **STATE},
        tags=TAGS,
    )
    def post(self, request, pk, **kwargs):
        data = self.valid(PaymentInput)
        services.payment_record(
            store=self.store,
            order_id=pk,
            amount=data["amount"],
            method=data["method"],
            note=data["note"],
            actor=request.user,
        )
        return self.order_out(pk, created=True)


class OrderRefundView(OrdersAPIView):
    actions = {"POST": Action.REFUND}

    @extend_schema(
        summary="Refund an amount, or lines (their share of what was charged) plus shipping",
        request=RefundInput,
        responses={201: OrderSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, pk, **kwargs):
        data = self.valid(RefundInput)
        lines = [services.RefundLineRequest(line["order_line_id"], line["quantity"]) for line in data.get("lines", [])]
        services.refund_create(
            store=self.store,
            order_id=pk,
            actor=request.user,
            amount=data.get("amount"),
            lines=lines,
            shipping_amount=data.get("shipping_amount"),
            reason=data["reason"],
        )
        return self.order_out(pk, created=True)


class OrderReturnView(OrdersAPIView):
    actions = {"POST": Action.RETURN}

    @extend_schema(
        summary="Record a return of fulfilled units, to receive when they are back",
        request=ReturnInput,
        responses={201: OrderSerializer, **ERRORS, **STATE},
        tags=TAGS,
    )
    def post(self, request, pk, **kwargs):
        data = self.valid(ReturnInput)
        lines = [
            services.ReturnLineRequest(line["order_line_id"], line["quantity"], line["reason"])
            for line in data["lines"]
        ]
        services.return_request(store=self.store, order_id=pk, lines=lines, actor=request.user, reason=data["reason"])
        return self.order_out(pk, created=True)


class OrderReturnReceiveView(OrdersAPIView):
    actions = {"POST": Action.RETURN}

    @extend_schema(
        summary="Receive a return: restock or not, refund or not (refunding needs the refund permission)",
        request=ReturnDecisionInput,
        responses={200: OrderSerializer, **ERRORS, **STATE},
        tags=TAGS,
    )
    def post(self, request, pk, **kwargs):
        data = self.valid(ReturnDecisionInput)
        if data["refund"]:
            self.require_action(
                Action.REFUND, message=_("Your role in this store does not allow refunds."), field="refund"
            )
        services.return_receive(
            store=self.store,
            order_id=pk,
            return_id=data["return_id"],
            actor=request.user,
            restock=data["restock"],
            refund=data["refund"],
        )
        return self.order_out(pk)


class OrderReturnRejectView(OrdersAPIView):
    actions = {"POST": Action.RETURN}

    @extend_schema(
        summary="Reject a return",
        request=ReturnDecisionInput,
        responses={200: OrderSerializer, **ERRORS, **STATE},
        tags=TAGS,
    )
    def post(self, request, pk, **kwargs):
        data = self.valid(ReturnDecisionInput)
        services.return_reject(
            store=self.store, order_id=pk, return_id=data["return_id"], actor=request.user, reason=data["reason"]
        )
        return self.order_out(pk)


class OrderNoteView(OrdersAPIView):
    actions = {"POST": Action.NOTE_ADD}

    @extend_schema(
        summary="Add an internal note to the order's timeline",
        request=NoteInput,
        responses={201: OrderSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, pk, **kwargs):
        data = self.valid(NoteInput)
        services.order_note_add(store=self.store, order_id=pk, actor=request.user, text=data["text"])
        return self.order_out(pk, created=True)
