"""The till terminal through the store API (/api/v1/store/stores/<code>/loyalty/...): find a card,
enrol a customer, add stamps, earn points, redeem, void; and the store's staff PINs.

Every write carries an Idempotency-Key header and runs once per key (orders.services.
idempotent_call, scope "loyalty:<store id>:<user id>", the endpoint part of the hashed body): a
terminal that retries after a timeout gets the first answer again and nothing counts twice; another
user's key or another endpoint never replays an answer. The staff PIN is checked before that, on
its own transaction, so a wrong PIN is counted even though the call fails. The PIN is never part of
the stored request hash."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer
from apps.core.api.pagination import PagePagination
from apps.orders import services as order_services

from .. import services
from ..permissions import Action, ActionAccess
from ..selectors import terminal as selectors
from . import terminal_serializers as s

TAGS = ["loyalty: terminal"]
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input, or a rule refused it (cooldown, limit, balance)"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, PIN wrong or locked, policy"),
    404: OpenApiResponse(ErrorSerializer, description="No such card, reward, transaction or PIN"),
}
WRITE_ERRORS = {
    **ERRORS,
    409: OpenApiResponse(ErrorSerializer, description="Already enrolled, or the same key is still being processed"),
    422: OpenApiResponse(ErrorSerializer, description="The Idempotency-Key was used for another request"),
}
KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=True,
    description="Unique per action (e.g. a UUID); resend the same key when retrying the same action.",
)
DEVICE = OpenApiParameter(
    "X-Device-Name", str, location=OpenApiParameter.HEADER, required=False, description="The terminal's name"
)
WRITE_DOC = (
    "Send the staff PIN (`staff_pin_id`, `pin`) when the programme requires one; a wrong PIN is "
    "counted and locks the PIN after the programme's limit. A retry with the same `Idempotency-Key` "
    "answers the first result again (header `Idempotent-Replayed: true`)."
)


def _ip(request) -> str | None:
    address = (request.META.get("REMOTE_ADDR") or "").strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _device(request) -> str:
    return (request.headers.get("X-Device-Name") or request.headers.get("User-Agent") or "").strip()[:200]


class TerminalAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "loyalty"

    def valid(self, serializer_class) -> dict[str, Any]:
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data

    def card_out(self, card, rules=None) -> dict[str, Any]:
        rules = rules or services.rules_get()
        return s.CardSerializer(selectors.card_view(store=self.store, card=card, rules=rules)).data

    def result(self, rules, result: services.LedgerResult, message: str) -> dict[str, Any]:
        view = selectors.card_view(store=self.store, card=result.card, rules=rules)
        txn = next((t for t in view.recent if t.pk == result.transaction.pk), None)
        if txn is None:  # not among the latest (cannot happen for a new entry, but stay safe)
            txn = result.transaction
            txn.store = self.store
        return {
            "card": s.CardSerializer(view).data,
            "transaction": s.TransactionSerializer(txn).data,
            "message": message,
        }

    def write(
        self,
        input_class: type[serializers.Serializer],
        act: Callable[[services.Terminal, dict[str, Any], Any], tuple[Any, str]],
        *,
        created: bool = False,
    ) -> Response:
        """Check the key, the input and the PIN, then run `act(terminal, data, rules)` -> (answer
        body, message) once per Idempotency-Key."""
        request = self.request
        key = order_services.idempotency_key_clean(request.headers.get("Idempotency-Key"))
        data = self.valid(input_class)
        rules = services.rules_get()
        pin = services.pin_verify(
            store=self.store,
            rules=rules,
            pin_id=data.get("staff_pin_id"),
            pin=data.get("pin"),
            caller=str(request.user.pk),
        )
        terminal = services.Terminal(
            store=self.store, user=request.user, pin=pin, ip_address=_ip(request), device=_device(request)
        )
        # the endpoint is part of the request: a key reused for another action is refused, never
        # answered with the first action's result
        payload = {name: value for name, value in request.data.items() if name != "pin"}
        payload["__endpoint"] = request.resolver_match.url_name if request.resolver_match else request.path

        def run() -> tuple[int, dict[str, Any]]:
            return (status.HTTP_201_CREATED if created else status.HTTP_200_OK), act(terminal, data, rules)

        # keys are the caller's own: another user's key never replays their answer
        scope = f"loyalty:{self.store.id}:{request.user.pk}"
        outcome = order_services.idempotent_call(scope=scope, key=key, payload=payload, run=run)
        response = Response(outcome.body, status=outcome.status_code)
        if outcome.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


def _card(store: Any, data: dict[str, Any]):
    return selectors.card_resolve(
        store=store, card_id=data.get("card_id") or data.get("card"), number=data.get("number"), qr=data.get("qr")
    )


# --- cards ---------------------------------------------------------------------------------------


class CardLookupView(TerminalAPIView):
    actions = {"POST": Action.VIEW}

    @extend_schema(
        operation_id="loyalty_card_lookup",
        summary="Find a card by its number or QR payload",
        description="Any store of the merchant finds the merchant's cards; `redeemable_here` says whether "
        "its rewards may be redeemed in this store (the cross-store policy).",
        request=s.LookupInput,
        responses={200: s.CardSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        data = self.valid(s.LookupInput)
        card = services.card_find(number=data.get("number"), qr=data.get("qr"))
        return Response(self.card_out(card))


class CardDetailView(TerminalAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(
        operation_id="loyalty_card_get",
        summary="A card with its rewards and latest transactions",
        responses={200: s.CardSerializer, **ERRORS},
        tags=TAGS,
    )
    def get(self, _request, card_id, **kwargs):
        return Response(self.card_out(selectors.card_get(store=self.store, card_id=card_id)))


class CardTransactionsView(TerminalAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(
        operation_id="loyalty_card_transactions",
        summary="A card's transactions in every store, newest first",
        parameters=[
            OpenApiParameter("page", int, required=False),
            OpenApiParameter("page_size", int, required=False, description="At most 100"),
        ],
        responses={200: s.TransactionSerializer(many=True), **ERRORS},
        tags=TAGS,
    )
    def get(self, request, card_id, **kwargs):
        card = selectors.card_get(store=self.store, card_id=card_id)
        paginator = PagePagination()
        page = paginator.paginate_queryset(selectors.transactions_of(card=card), request, view=self)
        return paginator.get_paginated_response(s.TransactionSerializer(page, many=True).data)


class CardEnrolView(TerminalAPIView):
    actions = {"POST": Action.ENROL}

    @extend_schema(
        operation_id="loyalty_card_enrol",
        summary="Enrol a customer at the counter",
        description="Makes the card (and the customer, or links the existing one by e-mail) with the "
        "programme's welcome bonus; an e-mail that already has a card: `already_enrolled` (409). " + WRITE_DOC,
        parameters=[KEY, DEVICE],
        request=s.EnrolInput,
        responses={201: s.ResultSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        def enrol(terminal, data, rules):
            card = services.card_enrol(
                store=self.store,
                terminal=terminal,
                email=data["email"],
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                marketing_consent=data.get("marketing_consent", False),
            )
            view = selectors.card_view(
                store=self.store, card=selectors.card_get(store=self.store, card_id=card.pk), rules=rules
            )
            welcome = view.recent[0] if view.recent else None
            return {
                "card": s.CardSerializer(view).data,
                "transaction": s.TransactionSerializer(welcome).data if welcome else None,
                "message": _("Card %(number)s made.") % {"number": card.display_number},
            }

        return self.write(s.EnrolInput, enrol, created=True)


# --- stamps and points ---------------------------------------------------------------------------


def _stamp_message(card, program) -> str:
    message = _("Stamp added: %(have)d of %(target)d.") % {
        "have": card.stamps_balance,
        "target": program.stamps_target,
    }
    if card.stamps_balance >= program.stamps_target:
        message += " " + _("Reward ready: %(reward)s.") % {"reward": program.stamps_reward or _("the reward")}
    return message


class StampView(TerminalAPIView):
    actions = {"POST": Action.STAMP}

    @extend_schema(
        operation_id="loyalty_stamp_add",
        summary="Add a stamp",
        description="Refused inside the programme's cooldown (`stamp_cooldown`, the message says when it "
        "works again) and past the daily limit (`daily_limit`). " + WRITE_DOC,
        parameters=[KEY, DEVICE],
        request=s.StampInput,
        responses={200: s.ResultSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        def stamp(terminal, data, rules):
            result = services.stamp_add(
                terminal=terminal,
                card=_card(self.store, data),
                order_reference=data.get("order_reference", ""),
                rules=rules,
            )
            return self.result(rules, result, _stamp_message(result.card, rules.program))

        return self.write(s.StampInput, stamp)


class StampRedeemView(TerminalAPIView):
    actions = {"POST": Action.REDEEM}

    @extend_schema(
        operation_id="loyalty_stamp_redeem",
        summary="Give the stamp reward",
        description="Takes the programme's stamps target from the card. " + WRITE_DOC,
        parameters=[KEY, DEVICE],
        request=s.CardInput,
        responses={200: s.ResultSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        def redeem(terminal, data, rules):
            result = services.stamp_redeem(terminal=terminal, card=_card(self.store, data), rules=rules)
            message = _("Reward given: %(reward)s. %(have)d of %(target)d stamps left.") % {
                "reward": result.transaction.reward_name or _("the reward"),
                "have": result.card.stamps_balance,
                "target": rules.program.stamps_target,
            }
            return self.result(rules, result, message)

        return self.write(s.CardInput, redeem)


class PointsEarnView(TerminalAPIView):
    actions = {"POST": Action.POINTS}

    @extend_schema(
        operation_id="loyalty_points_earn",
        summary="Earn points for a purchase",
        description='`amount` in euros ("25.00"); the points are the amount times the programme\'s points '
        "per euro (and the card's tier multiplier), rounded down. " + WRITE_DOC,
        parameters=[KEY, DEVICE],
        request=s.PointsInput,
        responses={200: s.ResultSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        def earn(terminal, data, rules):
            result = services.points_earn(
                terminal=terminal,
                card=_card(self.store, data),
                amount=data["amount"],
                order_reference=data.get("order_reference", ""),
                rules=rules,
            )
            message = _("%(points)d points added for %(amount)s EUR. Balance: %(balance)d points.") % {
                "points": result.transaction.points_delta,
                "amount": result.transaction.purchase_amount,
                "balance": result.card.points_balance,
            }
            return self.result(rules, result, message)

        return self.write(s.PointsInput, earn)


class PointsRedeemView(TerminalAPIView):
    actions = {"POST": Action.REDEEM}

    @extend_schema(
        operation_id="loyalty_points_redeem",
        summary="Redeem a points reward",
        description="Refused without enough points (`not_enough_points`) or below the minimum "
        "(`below_minimum_redemption`). " + WRITE_DOC,
        parameters=[KEY, DEVICE],
        request=s.RedeemInput,
        responses={200: s.ResultSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        def redeem(terminal, data, rules):
            result = services.points_redeem(
                terminal=terminal, card=_card(self.store, data), reward_id=data["reward_id"], rules=rules
            )
            message = _("Reward given: %(reward)s (%(cost)d points). Balance: %(balance)d points.") % {
                "reward": result.transaction.reward_name,
                "cost": -result.transaction.points_delta,
                "balance": result.card.points_balance,
            }
            return self.result(rules, result, message)

        return self.write(s.RedeemInput, redeem)


def _void_schema(operation_id: str):
    return extend_schema(
        operation_id=operation_id,
        summary="Void a transaction of the card",
        description="Reverses a stamp, points or reward given at the till, linked to it; what it gave is "
        "taken back as far as the balance allows. A void, a voided transaction or another card's "
        "transaction is refused. `stamp/void/` and `points/void/` do the same. " + WRITE_DOC,
        parameters=[KEY, DEVICE],
        request=s.VoidInput,
        responses={200: s.ResultSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )


class VoidView(TerminalAPIView):
    abstract = True
    actions = {"POST": Action.VOID}

    def void(self) -> Response:
        def void(terminal, data, rules):
            result = services.transaction_void(
                terminal=terminal,
                card=_card(self.store, data),
                transaction_id=data["transaction_id"],
                reason=data.get("reason", ""),
                rules=rules,
            )
            message = _("Transaction voided. The card has %(stamps)d stamps and %(points)d points.") % {
                "stamps": result.card.stamps_balance,
                "points": result.card.points_balance,
            }
            return self.result(rules, result, message)

        return self.write(s.VoidInput, void)


class StampVoidView(VoidView):
    @_void_schema("loyalty_stamp_void")
    def post(self, request, **kwargs):
        return self.void()


class PointsVoidView(VoidView):
    @_void_schema("loyalty_points_void")
    def post(self, request, **kwargs):
        return self.void()


# --- staff ---------------------------------------------------------------------------------------


class StaffListView(TerminalAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(
        operation_id="loyalty_staff_list",
        summary="The store's staff names, for the terminal's PIN entry",
        responses={200: s.StaffSerializer(many=True), **ERRORS},
        tags=TAGS,
    )
    def get(self, _request, **kwargs):
        return Response(s.StaffSerializer(selectors.staff_of(store=self.store), many=True).data)


class PinListView(TerminalAPIView):
    actions = {"GET": Action.PINS, "POST": Action.PINS}

    @extend_schema(
        operation_id="loyalty_pins_list",
        summary="The store's staff PINs (never the PINs)",
        responses={200: s.PinSerializer(many=True), **ERRORS},
        tags=TAGS,
    )
    def get(self, _request, **kwargs):
        return Response(s.PinSerializer(selectors.staff_of(store=self.store), many=True).data)

    @extend_schema(
        operation_id="loyalty_pins_create",
        summary="Give a staff member a PIN",
        request=s.PinCreateInput,
        responses={201: s.PinSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        data = self.valid(s.PinCreateInput)
        row = services.pin_create(store=self.store, actor=request.user, name=data["name"], pin=data["pin"])
        return Response(s.PinSerializer(row).data, status=status.HTTP_201_CREATED)


class PinDetailView(TerminalAPIView):
    actions = {"PATCH": Action.PINS, "DELETE": Action.PINS}
    http_method_names = ["patch", "delete", "options"]

    @extend_schema(
        operation_id="loyalty_pins_reset",
        summary="Set a new PIN (also lifts a lockout)",
        request=s.PinResetInput,
        responses={200: s.PinSerializer, **ERRORS},
        tags=TAGS,
    )
    def patch(self, request, pin_id, **kwargs):
        data = self.valid(s.PinResetInput)
        row = services.pin_reset(store=self.store, actor=request.user, pin_id=pin_id, pin=data["pin"])
        return Response(s.PinSerializer(row).data)

    @extend_schema(
        operation_id="loyalty_pins_revoke", summary="Revoke a PIN", responses={204: None, **ERRORS}, tags=TAGS
    )
    def delete(self, request, pin_id, **kwargs):
        services.pin_revoke(store=self.store, actor=request.user, pin_id=pin_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
