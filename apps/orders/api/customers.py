"""The merchant's customers in the store API: list with filters, create, read, change, and their
addresses. Every store of the merchant sees the same customers; another merchant none."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer
from apps.core.api.pagination import PagePagination

from .. import selectors
from ..permissions import Action, ActionAccess
from ..services import customer_records
from .customers_serializers import (
    AddressInputSerializer,
    AddressSerializer,
    CustomerDetailSerializer,
    CustomerInputSerializer,
    CustomerQuerySerializer,
    CustomerSerializer,
)

TAGS = ["customers"]
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No such customer of this merchant"),
}
CONFLICT = {409: OpenApiResponse(ErrorSerializer, description="E-mail address taken (customer_email_taken)")}
DEFAULTS = ("is_default_shipping", "is_default_billing")


class CustomersAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "orders"

    def customer(self, pk):
        return selectors.customer_get(store=self.store, customer_id=pk)

    def customer_out(self, pk) -> dict:
        return CustomerDetailSerializer(self.customer(pk)).data


class CustomerListView(CustomersAPIView):
    actions = {"GET": Action.CUSTOMER_VIEW, "POST": Action.CUSTOMER_CHANGE}

    @extend_schema(
        summary="List customers",
        parameters=[CustomerQuerySerializer],
        responses={200: CustomerSerializer(many=True), **ERRORS},
        tags=TAGS,
    )
    def get(self, request, **kwargs):
        query = CustomerQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = dict(query.validated_data)
        sort = filters.pop("ordering", "newest")
        customers = selectors.customer_list(store=self.store, filters=filters, sort=sort)
        paginator = PagePagination()
        page = paginator.paginate_queryset(customers, request, view=self)
        return paginator.get_paginated_response(CustomerSerializer(page, many=True).data)

    @extend_schema(
        summary="Create a customer",
        request=CustomerInputSerializer,
        responses={201: CustomerDetailSerializer, **ERRORS, **CONFLICT},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        data = CustomerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        customer = customer_records.customer_create(store=self.store, actor=request.user, data=data.validated_data)
        return Response(self.customer_out(customer.pk), status=status.HTTP_201_CREATED)


class CustomerDetailView(CustomersAPIView):
    actions = {"GET": Action.CUSTOMER_VIEW, "PATCH": Action.CUSTOMER_CHANGE}

    @extend_schema(summary="A customer with addresses", responses={200: CustomerDetailSerializer, **ERRORS}, tags=TAGS)
    def get(self, _request, pk, **kwargs):
        return Response(self.customer_out(pk))

    @extend_schema(
        summary="Change a customer (any subset of its fields)",
        request=CustomerInputSerializer(partial=True),
        responses={200: CustomerDetailSerializer, **ERRORS, **CONFLICT},
        tags=TAGS,
    )
    def patch(self, request, pk, **kwargs):
        customer = self.customer(pk)
        data = CustomerInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        customer_records.customer_update(
            store=self.store, actor=request.user, customer=customer, data=data.validated_data
        )
        return Response(self.customer_out(pk))


class AddressListView(CustomersAPIView):
    actions = {"GET": Action.CUSTOMER_VIEW, "POST": Action.CUSTOMER_CHANGE}

    @extend_schema(summary="A customer's addresses", responses={200: AddressSerializer(many=True), **ERRORS}, tags=TAGS)
    def get(self, _request, pk, **kwargs):
        return Response(AddressSerializer(self.customer(pk).addresses.all(), many=True).data)

    @extend_schema(
        summary="Add an address",
        description="A customer's first address is the default for shipping and billing.",
        request=AddressInputSerializer,
        responses={201: AddressSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, pk, **kwargs):
        customer = self.customer(pk)
        data = AddressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        flags = {name: values.pop(name, False) for name in DEFAULTS}
        address = customer_records.address_add(
            store=self.store,
            actor=request.user,
            customer=customer,
            data=values,
            default_shipping=flags["is_default_shipping"],
            default_billing=flags["is_default_billing"],
        )
        return Response(AddressSerializer(address).data, status=status.HTTP_201_CREATED)


class AddressDetailView(CustomersAPIView):
    actions = {"PATCH": Action.CUSTOMER_CHANGE, "DELETE": Action.CUSTOMER_CHANGE}

    def address(self, pk, address_id):
        customer = self.customer(pk)
        return selectors.customer_address_get(store=self.store, customer=customer, address_id=address_id)

    @extend_schema(
        summary="Change an address",
        description="Address fields are sent all together (or none, to change only the defaults).",
        request=AddressInputSerializer(partial=True),
        responses={200: AddressSerializer, **ERRORS},
        tags=TAGS,
    )
    def patch(self, request, pk, address_id, **kwargs):
        address = self.address(pk, address_id)
        data = AddressInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        flags = {name: values.pop(name, None) for name in DEFAULTS}
        if values:
            current = AddressSerializer(address).data
            values = {**{k: v for k, v in current.items() if k not in ("id", *DEFAULTS)}, **values}
        address = customer_records.address_update(
            store=self.store,
            actor=request.user,
            address=address,
            data=values or None,
            default_shipping=flags["is_default_shipping"],
            default_billing=flags["is_default_billing"],
        )
        return Response(AddressSerializer(address).data)

    @extend_schema(summary="Delete an address", responses={204: None, **ERRORS}, tags=TAGS)
    def delete(self, request, pk, address_id, **kwargs):
        address = self.address(pk, address_id)
        customer_records.address_delete(store=self.store, actor=request.user, address=address)
        return Response(status=status.HTTP_204_NO_CONTENT)
