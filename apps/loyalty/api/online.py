"""Storefront API: the signed-in customer spends a reward online, as a single-use discount code
put on their cart (services.online.reward_use_online)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from apps.accounts.access import StorefrontAPIView
from apps.core.api.errors import ErrorSerializer
from apps.core.api.fields import PlainNumberField
from apps.core.errors import ValidationFailed
from apps.core.ratelimit import client_ip
from apps.orders import selectors as orders_selectors

from ..services.online import reward_use_online


class RewardUseSerializer(serializers.Serializer):
    reward_id = PlainNumberField(required=False, allow_null=True, min_value=1, help_text="A points reward.")
    stamps = serializers.BooleanField(required=False, default=False, help_text="The stamp reward instead.")


class RewardCodeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The single-use discount code.")
    value = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="What it takes off, in EUR.")
    applied_to_cart = serializers.BooleanField(help_text="Whether it is on the customer's open cart now.")
    points_balance = serializers.IntegerField()
    stamps_balance = serializers.IntegerField()


class RewardUseAPIView(StorefrontAPIView):
    module = "loyalty"
    login_required = True

    @extend_schema(
        summary="Spend a reward online as a single-use discount code (put on the customer's cart)",
        request=RewardUseSerializer,
        responses={
            201: RewardCodeSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Not enough points or stamps, no online value"),
            404: OpenApiResponse(ErrorSerializer, description="No card, no such reward"),
        },
        tags=["storefront loyalty"],
    )
    def post(self, request):
        serializer = RewardUseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not data.get("reward_id") and not data.get("stamps"):
            message = _("Choose a reward.")
            raise ValidationFailed(message, fields={"reward_id": [message]})
        customer = orders_selectors.customer_of(user=request.user)
        discount = reward_use_online(
            store=self.store,
            customer=customer,
            reward_id=data.get("reward_id"),
            stamps=bool(data.get("stamps")),
            user=request.user,
            ip_address=client_ip(request) or None,
        )
        cart = orders_selectors.cart_find(store=self.store, customer=customer)
        card = customer.loyalty_card
        card.refresh_from_db(fields=["points_balance", "stamps_balance"])
        out = {
            "code": discount.code,
            "value": discount.value,
            "applied_to_cart": cart is not None and cart.discount_code_id == discount.pk,
            "points_balance": card.points_balance,
            "stamps_balance": card.stamps_balance,
        }
        return Response(RewardCodeSerializer(out).data, status=201)
