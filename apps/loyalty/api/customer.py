"""The customer's side of the loyalty API on the store's domain: the programme, joining it
(anyone, with the join page's rules and limit), the signed-in customer's card and its
transactions (session or the storefront token), and a public summary of a store's programme."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.accounts.access import StorefrontAPIView
from apps.core.api.pagination import PagePagination
from apps.core.errors import ApplicationError, NotFound
from apps.core.ratelimit import client_ip
from apps.tenancy.routing import store_base_url
from apps.tenancy.selectors import store_get

from ..errors import LoyaltyErrorCode
from ..selectors import customer as selectors
from ..services.customer import card_self_enrol, self_enrolment_check
from .customer_serializers import (
    CardSerializer,
    EnrolInputSerializer,
    ProgramSerializer,
    PublicProgramSerializer,
    TransactionSerializer,
)

TAGS = ["storefront loyalty"]


def _program_or_404():
    program = selectors.program_public()
    if program is None:
        raise NotFound(_("This shop has no loyalty programme."), code=LoyaltyErrorCode.NO_PROGRAM)
    return program


def _program_context(request, store, program) -> dict:
    try:
        self_enrolment_check()
        open_to_join = True
    except ApplicationError:
        open_to_join = False
    return {
        "rewards": selectors.program_rewards(program=program),
        "self_enrolment": open_to_join,
        "join_url": store_base_url(store, request) + reverse("storefront:loyalty_join"),
    }


class LoyaltyStorefrontAPIView(StorefrontAPIView):
    abstract = True
    module = "loyalty"


class ProgramView(LoyaltyStorefrontAPIView):
    @extend_schema(operation_id="loyalty_storefront_program", tags=TAGS, responses=ProgramSerializer, auth=[])
    def get(self, request):
        """The shop's loyalty programme: what customers earn, the rewards, whether they may join online."""
        program = _program_or_404()
        return Response(ProgramSerializer(program, context=_program_context(request, self.store, program)).data)


class EnrolView(LoyaltyStorefrontAPIView):
    @extend_schema(
        operation_id="loyalty_storefront_enroll",
        tags=TAGS,
        request=EnrolInputSerializer,
        responses={201: CardSerializer},
        auth=[],
    )
    def post(self, request):
        """Join the programme: a card for this e-mail address (409 already_enrolled when it has one;
        403 self_enrolment_off or loyalty_program_inactive; 429 past the limit per address).
        A signed-in customer's card is linked to their account."""
        self_enrolment_check()
        data = EnrolInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        card = card_self_enrol(
            store=self.store,
            data=data.join_request(),
            user=request.user,
            language=translation.get_language() or "",
            ip_address=client_ip(request),
        )
        return Response(CardSerializer(card).data, status=status.HTTP_201_CREATED)


class CardView(LoyaltyStorefrontAPIView):
    login_required = True

    @extend_schema(operation_id="loyalty_storefront_card", tags=TAGS, responses=CardSerializer)
    def get(self, request):
        """The signed-in customer's card (404 card_not_found when they have none)."""
        card = selectors.card_of_user(user=request.user)
        if card is None:
            raise NotFound(_("You have no loyalty card yet."), code=LoyaltyErrorCode.CARD_NOT_FOUND)
        return Response(CardSerializer(card).data)


class TransactionListView(LoyaltyStorefrontAPIView):
    login_required = True

    @extend_schema(
        operation_id="loyalty_storefront_transactions", tags=TAGS, responses=TransactionSerializer(many=True)
    )
    def get(self, request):
        """The signed-in customer's card history, newest first, with the store of each entry."""
        card = selectors.card_of_user(user=request.user)
        if card is None:
            raise NotFound(_("You have no loyalty card yet."), code=LoyaltyErrorCode.CARD_NOT_FOUND)
        paginator = PagePagination()
        page = paginator.paginate_queryset(selectors.card_transactions(card=card), request, view=self)
        return paginator.get_paginated_response(TransactionSerializer(page, many=True).data)


class PublicProgramView(LoyaltyStorefrontAPIView):
    @extend_schema(
        operation_id="loyalty_storefront_public_program", tags=TAGS, responses=PublicProgramSerializer, auth=[]
    )
    def get(self, request, code: str):
        """A store's programme summary, for its posters, apps and partners: name, type, reward,
        points per euro, colours and the join page's address. 404 for an unknown store or none."""
        store = store_get(merchant=request.merchant, code=code)
        program = _program_or_404()
        context = _program_context(request, store, program)
        return Response(PublicProgramSerializer(program, context=context).data)
