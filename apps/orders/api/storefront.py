"""Storefront API for cart, checkout and the signed-in customer's orders, for apps and headless
front ends. Guests keep a cart by its token (POST cart/ makes one; send it as X-Cart-Token);
customers sign in with `Authorization: Token ...` and have one cart per store."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from apps.accounts.access import StorefrontAPIView
from apps.core.api.errors import ErrorSerializer
from apps.core.api.pagination import PagePagination
from apps.core.errors import NotFound

from .. import selectors, services
from ..confirmation import card_return_urls
from ..errors import OrdersErrorCode
from .storefront_serializers import (
    CartOutSerializer,
    CheckoutSetSerializer,
    DiscountSerializer,
    LineAddSerializer,
    LineSetSerializer,
    OrderDetailOutSerializer,
    OrderOutSerializer,
    PlaceSerializer,
    cart_out,
)

TAGS = ["storefront cart and checkout"]
CART_TOKEN = OpenApiParameter(
    "X-Cart-Token", str, location=OpenApiParameter.HEADER, description="A guest's cart (from POST cart/)."
)
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input, out of stock, a code that does not apply"),
    404: OpenApiResponse(ErrorSerializer, description="No such cart, line, variant or order in this store"),
}


def _doc(summary: str, *, request=None, response=CartOutSerializer, status: int = 200, token: bool = True):
    return extend_schema(
        summary=summary,
        request=request,
        responses={status: response, **ERRORS},
        parameters=[CART_TOKEN] if token else [],
        tags=TAGS,
    )


class ShopAPIView(StorefrontAPIView):
    abstract = True
    module = "orders"

    def prepare(self, request) -> None:
        self.customer = selectors.customer_of(user=request.user)
        token = request.headers.get("X-Cart-Token", "")
        self.cart = selectors.cart_find(store=self.store, token=token, customer=self.customer)

    def require_cart(self):
        if self.cart is None:
            raise NotFound(_("No cart: create one first."), code=OrdersErrorCode.CART_NOT_FOUND)
        return self.cart

    def cart_response(self, status: int = 200) -> Response:
        view = selectors.cart_view(store=self.store, cart=self.require_cart(), customer=self.customer)
        return Response(CartOutSerializer(cart_out(view)).data, status=status)

    def valid(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class CartAPIView(ShopAPIView):
    @_doc("The visitor's cart with current prices, what changed and the totals")
    def get(self, request):
        return self.cart_response()

    @_doc("Start a cart (a customer's open cart when signed in)", status=201)
    def post(self, request):
        if self.cart is None:
            user = request.user
            if user.is_authenticated:
                self.customer = services.customer_for_checkout(store=self.store, email=user.email, user=user)
            self.cart = services.cart_create(store=self.store, customer=self.customer)
        return self.cart_response(status=201)


class CartLinesAPIView(ShopAPIView):
    @_doc("Add a variant to the cart", request=LineAddSerializer, status=201)
    def post(self, request):
        data = self.valid(LineAddSerializer)
        services.cart_line_add(
            store=self.store, cart=self.require_cart(), variant_id=data["variant_id"], quantity=data["quantity"]
        )
        return self.cart_response(status=201)


class CartLineAPIView(ShopAPIView):
    @_doc("Change a line's quantity", request=LineSetSerializer)
    def patch(self, request, line_id: int):
        data = self.valid(LineSetSerializer)
        services.cart_line_set(store=self.store, cart=self.require_cart(), line_id=line_id, quantity=data["quantity"])
        return self.cart_response()

    @_doc("Remove a line")
    def delete(self, request, line_id: int):
        services.cart_line_remove(store=self.store, cart=self.require_cart(), line_id=line_id)
        return self.cart_response()


class CartDiscountAPIView(ShopAPIView):
    @_doc("Apply a discount code (400 with the reason when it does not apply)", request=DiscountSerializer)
    def put(self, request):
        data = self.valid(DiscountSerializer)
        services.cart_discount_apply(
            store=self.store, cart=self.require_cart(), code=data["code"], customer=self.customer
        )
        return self.cart_response()

    @_doc("Remove the discount code")
    def delete(self, request):
        services.cart_discount_remove(store=self.store, cart=self.require_cart())
        return self.cart_response()


class CheckoutAPIView(ShopAPIView):
    @extend_schema(
        summary="The checkout's options: countries shipped to, shipping methods for the address, payment methods",
        parameters=[CART_TOKEN],
        responses={200: OpenApiTypes.OBJECT, 404: ERRORS[404]},
        tags=TAGS,
    )
    def get(self, request):
        view = selectors.cart_view(store=self.store, cart=self.require_cart(), customer=self.customer)
        payment = selectors.checkout_payment_options(store=self.store, view=view, customer=self.customer)
        return Response(
            {
                "countries": selectors.shipping_countries(store=self.store),
                "shipping_methods": [
                    {
                        "id": o.method.pk,
                        "name": o.method.name,
                        "kind": o.method.kind,
                        "price": str(o.price),
                        "free": o.free,
                        "free_above": str(o.method.free_above) if o.method.free_above is not None else None,
                        "delivery_days": o.method.delivery_days,
                    }
                    for o in view.options
                ],
                "payment_methods": [
                    {"code": o.code, "label": o.label, "available": o.available, "reason": o.reason} for o in payment
                ],
            }
        )

    @_doc("Set checkout details (any of them)", request=CheckoutSetSerializer)
    def patch(self, request):
        data = self.valid(CheckoutSetSerializer)
        services.checkout_update(
            store=self.store,
            cart=self.require_cart(),
            data=services.CheckoutInput(**data),
            customer=self.customer,
        )
        return self.cart_response()


class CheckoutPlaceAPIView(ShopAPIView):
    @_doc("Place the order", request=PlaceSerializer, response=OrderDetailOutSerializer, status=201)
    def post(self, request):
        data = self.valid(PlaceSerializer)
        prices = {}
        for key, price in (data.get("expected_prices") or {}).items():
            if str(key).isdigit():
                prices[int(key)] = price
        result = services.checkout_complete(
            store=self.store,
            cart=self.require_cart(),
            user=request.user,
            customer=self.customer,
            expected_prices=prices or None,
            card_urls=partial(card_return_urls, request),
        )
        body = OrderDetailOutSerializer(result.order).data
        return Response({**body, "payment_url": result.redirect_url}, status=201)


class OrderListAPIView(ShopAPIView):
    login_required = True

    @extend_schema(
        summary="The signed-in customer's orders",
        responses={200: OrderOutSerializer(many=True)},
        parameters=[OpenApiParameter("page", int)],
        tags=TAGS,
    )
    def get(self, request):
        orders = selectors.customer_orders(store=self.store, customer=self.customer)
        paginator = PagePagination()
        page = paginator.paginate_queryset(orders, request, view=self)
        return paginator.get_paginated_response(OrderOutSerializer(page, many=True).data)


class OrderDetailAPIView(ShopAPIView):
    login_required = True

    @extend_schema(
        summary="One of the signed-in customer's orders",
        responses={200: OrderDetailOutSerializer, 404: ERRORS[404]},
        tags=TAGS,
    )
    def get(self, request, number: str):
        order = selectors.customer_order(store=self.store, customer=self.customer, number=number)
        if order is None:
            raise NotFound(_("No such order."))
        return Response(OrderDetailOutSerializer(order).data)
