"""The cards list and the programme's statistics through the store API (a POS app or a report
tool with a token). One card, its lookup, enrolment and transactions are in their own modules."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer
from apps.core.api.pagination import PagePagination

from .. import selectors
from ..permissions import Action, ActionAccess
from .cards_serializers import CardListSerializer, StatsSerializer

TAGS = ["loyalty: cards and stats"]
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A filter is not understood"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No such store"),
}
FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Card number (whole or its start, dashes allowed), name or e-mail."),
    OpenApiParameter("status", str, enum=list(selectors.backoffice.STATUSES), description="Active or disabled."),
    OpenApiParameter("inactive_since", str, description="No activity since this day (YYYY-MM-DD)."),
    OpenApiParameter("points_min", int),
    OpenApiParameter("points_max", int),
    OpenApiParameter("stamps_min", int),
    OpenApiParameter("sort", str, enum=list(selectors.CARD_SORTS)),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description="At most 100."),
]


class CardsAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "loyalty"


class CardListView(CardsAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(
        summary="List the loyalty cards",
        description="The merchant's cards (every store shares them), with the cards page's filters.",
        parameters=FILTER_PARAMETERS,
        responses={200: CardListSerializer(many=True), **ERRORS},
        tags=TAGS,
    )
    def get(self, request, **kwargs):
        filters = selectors.card_filters_parse(request.query_params)
        paginator = PagePagination()
        page = paginator.paginate_queryset(selectors.cards_list(store=self.store, filters=filters), request, view=self)
        return paginator.get_paginated_response(CardListSerializer(page, many=True).data)


class StatsView(CardsAPIView):
    actions = {"GET": Action.STATS}

    @extend_schema(
        summary="The loyalty programme's statistics",
        description=(
            "Members, active members, stamps and points issued and redeemed, rewards, per store, per staff "
            "member and per day (30 days) or week (90 and 365 days)."
        ),
        parameters=[
            OpenApiParameter("days", int, enum=list(selectors.PERIODS), description="The period (default 30)."),
            OpenApiParameter("scope", str, enum=["all", "store"], description="All stores (default) or this one."),
        ],
        responses={200: StatsSerializer, **ERRORS},
        tags=TAGS,
    )
    def get(self, request, **kwargs):
        result = selectors.stats(
            store=self.store,
            only_store=request.query_params.get("scope") == "store",
            days=selectors.period_clean(request.query_params.get("days")),
        )
        return Response(StatsSerializer(result).data)
