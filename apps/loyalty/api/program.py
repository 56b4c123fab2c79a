"""The store API of the merchant's programme (the same from every store of the merchant):
/api/v1/store/stores/<code>/loyalty/program/, rewards/, tiers/. Reading takes loyalty.view,
changing loyalty.manage. Before the programme exists everything but its creation answers 404
loyalty_no_program."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer

from .. import services
from ..permissions import Action, ActionAccess
from ..selectors import program as selectors
from .program_serializers import (
    ProgramInput,
    ProgramSerializer,
    RewardInput,
    RewardSerializer,
    TierInput,
    TierSerializer,
)

TAGS = ["loyalty"]
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input: `fields` names each wrong field"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No programme yet (loyalty_no_program), or no such row"),
}


class ProgramAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "loyalty"

    def valid(self, serializer_class) -> dict:
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def program_answer(self, program, code: int = status.HTTP_200_OK) -> Response:
        context = {"rewards": selectors.rewards_list(), "tiers": selectors.tiers_list(), "request": self.request}
        return Response(ProgramSerializer(program, context=context).data, status=code)


class ProgramView(ProgramAPIView):
    actions = {"GET": Action.VIEW, "POST": Action.PROGRAM_CHANGE, "PATCH": Action.PROGRAM_CHANGE}

    @extend_schema(
        operation_id="loyalty_program_get",
        summary="The loyalty programme, with its rewards and tiers",
        responses={200: ProgramSerializer, **ERRORS},
        tags=TAGS,
    )
    def get(self, _request, **kwargs):
        return self.program_answer(services.program_required(active=False))

    @extend_schema(
        operation_id="loyalty_program_create",
        summary="Create the merchant's loyalty programme",
        description="One per merchant: 409 `loyalty_program_exists` when it exists. Omitted fields take the defaults.",
        request=ProgramInput,
        responses={201: ProgramSerializer, 409: OpenApiResponse(ErrorSerializer), **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        data = self.valid(ProgramInput)
        active = data.pop("is_active", None)
        program = services.program_create(store=self.store, actor=request.user, data=data)
        if active is False:
            program = services.program_set_active(store=self.store, actor=request.user, active=False)
        return self.program_answer(program, status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="loyalty_program_update",
        summary="Change the loyalty programme",
        description="Only the fields sent change; `is_active` switches the programme on or off.",
        request=ProgramInput,
        responses={200: ProgramSerializer, **ERRORS},
        tags=TAGS,
    )
    def patch(self, request, **kwargs):
        data = self.valid(ProgramInput)
        active = data.pop("is_active", None)
        program = services.program_update(store=self.store, actor=request.user, data=data)
        if active is not None:
            program = services.program_set_active(store=self.store, actor=request.user, active=active)
        return self.program_answer(program)


class RewardsView(ProgramAPIView):
    actions = {"GET": Action.VIEW, "POST": Action.PROGRAM_CHANGE}

    @extend_schema(
        operation_id="loyalty_program_rewards_list",
        summary="The programme's rewards (deactivated ones too)",
        responses={200: RewardSerializer(many=True), **ERRORS},
        tags=TAGS,
    )
    def get(self, _request, **kwargs):
        services.program_required(active=False)
        return Response(RewardSerializer(selectors.rewards_list(), many=True).data)

    @extend_schema(
        operation_id="loyalty_program_rewards_create",
        summary="Add a reward",
        request=RewardInput,
        responses={201: RewardSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        reward = services.reward_create(store=self.store, actor=request.user, data=self.valid(RewardInput))
        return Response(RewardSerializer(reward).data, status=status.HTTP_201_CREATED)


class RewardDetailView(ProgramAPIView):
    actions = {"PATCH": Action.PROGRAM_CHANGE, "DELETE": Action.PROGRAM_CHANGE}

    @extend_schema(
        operation_id="loyalty_program_reward_update",
        summary="Change a reward",
        request=RewardInput,
        responses={200: RewardSerializer, **ERRORS},
        tags=TAGS,
    )
    def patch(self, request, reward_id: int, **kwargs):
        data = self.valid(RewardInput)
        reward = services.reward_update(store=self.store, actor=request.user, reward_id=reward_id, data=data)
        return Response(RewardSerializer(reward).data)

    @extend_schema(
        operation_id="loyalty_program_reward_deactivate",
        summary="Deactivate a reward",
        description="Rewards are never deleted (the ledger names them): it can no longer be redeemed.",
        responses={200: RewardSerializer, **ERRORS},
        tags=TAGS,
    )
    def delete(self, request, reward_id: int, **kwargs):
        reward = services.reward_deactivate(store=self.store, actor=request.user, reward_id=reward_id)
        return Response(RewardSerializer(reward).data)


class TiersView(ProgramAPIView):
    actions = {"GET": Action.VIEW, "POST": Action.PROGRAM_CHANGE}

    @extend_schema(
        operation_id="loyalty_program_tiers_list",
        summary="The programme's tiers",
        responses={200: TierSerializer(many=True), **ERRORS},
        tags=TAGS,
    )
    def get(self, _request, **kwargs):
        services.program_required(active=False)
        return Response(TierSerializer(selectors.tiers_list(), many=True).data)

    @extend_schema(
        operation_id="loyalty_program_tiers_create",
        summary="Add a tier",
        request=TierInput,
        responses={201: TierSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        tier = services.tier_create(store=self.store, actor=request.user, data=self.valid(TierInput))
        return Response(TierSerializer(tier).data, status=status.HTTP_201_CREATED)


class TierDetailView(ProgramAPIView):
    actions = {"PATCH": Action.PROGRAM_CHANGE, "DELETE": Action.PROGRAM_CHANGE}

    @extend_schema(
        operation_id="loyalty_program_tier_update",
        summary="Change a tier",
        request=TierInput,
        responses={200: TierSerializer, **ERRORS},
        tags=TAGS,
    )
    def patch(self, request, tier_id: int, **kwargs):
        tier = services.tier_update(store=self.store, actor=request.user, tier_id=tier_id, data=self.valid(TierInput))
        return Response(TierSerializer(tier).data)

    @extend_schema(
        operation_id="loyalty_program_tier_delete", summary="Delete a tier", responses={204: None, **ERRORS}, tags=TAGS
    )
    def delete(self, request, tier_id: int, **kwargs):
        services.tier_delete(store=self.store, actor=request.user, tier_id=tier_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
