"""Apple's pass web service (Wallet calls it; the pass names it in webServiceURL), at
/api/v1/loyalty/apple/v1/...:

    POST   devices/<device>/registrations/<passType>/<serial>   register (201 new, 200 known)
    DELETE devices/<device>/registrations/<passType>/<serial>   unregister (200)
    GET    devices/<device>/registrations/<passType>?passesUpdatedSince=<tag>
                                        {"serialNumbers": [...], "lastUpdated": tag}, 204 if none
    GET    passes/<passType>/<serial>   the latest pass (304 when not modified since)
    POST   log                          {"logs": [...]}: written to the log (200)

A pass's own calls carry `Authorization: ApplePass <authenticationToken>` (the card's pass token):
wrong or missing is 401. An unknown serial or another pass type is 404, as is everything while
Apple Wallet is not configured. No session, no CSRF; not part of the OpenAPI schema (Apple's
protocol, not ours)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.accounts.access import StorefrontAPIView
from apps.core.errors import NotFound, ValidationFailed

from ..errors import LoyaltyErrorCode
from ..models import Card, Program
from ..views.passes import pkpass_response
from ..wallet import devices
from ..wallet.config import apple_enabled
from ..wallet.selectors import card_by_number, token_matches

logger = logging.getLogger("apps.loyalty.wallet.apple_log")

PREFIX = "ApplePass "
HIDDEN = extend_schema(exclude=True)
LOG_LINES = 20  # per call: Wallet sends a few; anyone may call, so a call cannot fill the log


def _not_found() -> NotFound:
    return NotFound(_("No such pass."), code=LoyaltyErrorCode.CARD_NOT_FOUND)


class AppleWebServiceView(StorefrontAPIView):
    abstract = True
    module = "loyalty"
    authentication_classes: list = []

    def prepare(self, request) -> None:
        if not apple_enabled():
            raise NotFound(_("Apple Wallet passes are not configured."), code=LoyaltyErrorCode.PASSES_NOT_CONFIGURED)
        pass_type = self.kwargs.get("pass_type")
        if pass_type is not None and pass_type != settings.LOYALTY_APPLE_PASS_TYPE_ID:
            raise _not_found()

    def card_or_401(self, request, serial: str) -> Card | Response:
        """The pass's card, or the 401 to answer (the token must be the card's pass token)."""
        card = card_by_number(number=serial)
        if card is None:
            raise _not_found()
        header = request.headers.get("Authorization", "")
        if not header.startswith(PREFIX) or not token_matches(card, header[len(PREFIX) :].strip()):
            return Response(
                {"code": "pass_token_invalid", "message": _("Wrong or missing pass token."), "fields": {}}, status=401
            )
        return card


class RegistrationView(AppleWebServiceView):
    @HIDDEN
    def post(self, request, device: str, pass_type: str, serial: str):
        card = self.card_or_401(request, serial)
        if isinstance(card, Response):
            return card
        push_token = request.data.get("pushToken") if isinstance(request.data, dict) else None
        if not isinstance(push_token, str) or not push_token or len(push_token) > 256 or len(device) > 128:
            raise ValidationFailed(_("Send the device's pushToken."), fields={"pushToken": [_("Required.")]})
        created = devices.device_register(card=card, device_library_id=device, push_token=push_token)
        return Response(status=201 if created else 200)

    @HIDDEN
    def delete(self, request, device: str, pass_type: str, serial: str):
        card = self.card_or_401(request, serial)
        if isinstance(card, Response):
            return card
        devices.device_unregister(card=card, device_library_id=device)
        return Response(status=200)


class UpdatedPassesView(AppleWebServiceView):
    @HIDDEN
    def get(self, request, device: str, pass_type: str):
        since = request.query_params.get("passesUpdatedSince", "")
        serials, tag = devices.device_updated_serials(device_library_id=device, since=since)
        if not serials:
            return Response(status=204)
        return Response({"serialNumbers": serials, "lastUpdated": tag})


class LatestPassView(AppleWebServiceView):
    @HIDDEN
    def get(self, request, pass_type: str, serial: str):
        card = self.card_or_401(request, serial)
        if isinstance(card, Response):
            return card
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        if since is not None and int(card.pass_updated_at.timestamp()) <= since:
            return Response(status=304)
        program = Program.objects.filter(key=1).first()
        if program is None:
            raise _not_found()
        return pkpass_response(program=program, card=card)


class LogView(AppleWebServiceView):
    @HIDDEN
    def post(self, request):
        logs = request.data.get("logs") if isinstance(request.data, dict) else None
        for line in logs[:LOG_LINES] if isinstance(logs, list) else []:
            logger.info("Apple Wallet (%s): %s", request.get_host(), str(line)[:1000])
        return Response(status=200)
