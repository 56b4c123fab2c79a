"""The wallet passes on the store's domain: the Apple Wallet .pkpass download, the redirect to
"Add to Google Wallet", and the square programme logo Google Wallet shows. The links carry the
card's pass token (wallet/links.py): a wrong token is a 404, like an unknown card."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views import View

from apps.accounts.access import StorefrontPageView
from apps.loyalty.models import Card, Program
from apps.loyalty.wallet import apple, google
from apps.loyalty.wallet.config import apple_enabled, google_enabled
from apps.loyalty.wallet.content import program_logo_png
from apps.loyalty.wallet.selectors import card_for_pass


def program_get() -> Program:
    program = Program.objects.filter(key=1).first()
    if program is None:
        raise Http404
    return program


def last_modified(card: Card) -> str:
    """The pass's Last-Modified, which Wallet sends back as If-Modified-Since (whole seconds). A
    pass served in the very second of its change says the second before: another change in that
    second then still compares newer, instead of answering 304 and leaving the device on the old
    balance for good (the cost: one more full download of an unchanged pass)."""
    updated = int(card.pass_updated_at.timestamp())
    if int(timezone.now().timestamp()) == updated:
        updated -= 1
    return http_date(updated)


def pkpass_response(*, program: Program, card: Card) -> HttpResponse:
    response = HttpResponse(apple.pkpass_build(program=program, card=card), content_type=apple.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="loyalty-{card.number}.pkpass"'
    response["Last-Modified"] = last_modified(card)
    response["Cache-Control"] = "no-store"
    return response


class PassView(StorefrontPageView, View):
    abstract = True
    module = "loyalty"

    def card_get(self, number: str, token: str) -> Card:
        card = card_for_pass(number=number, token=token)
        if card is None:
            raise Http404
        return card


class ApplePassView(PassView):
    def get(self, request, number: str, token: str):
        if not apple_enabled():
            raise Http404
        card = self.card_get(number, token)
        return pkpass_response(program=program_get(), card=card)


class GooglePassView(PassView):
    def get(self, request, number: str, token: str):
        if not google_enabled():
            raise Http404
        card = self.card_get(number, token)
        origin = f"{request.scheme}://{request.get_host()}"
        logo_url = request.build_absolute_uri(reverse("storefront:loyalty_pass_logo"))
        url = google.save_url(program=program_get(), card=card, origin=origin, logo_url=logo_url)
        return HttpResponseRedirect(url)


class PassLogoView(PassView):
    def get(self, request):
        response = HttpResponse(program_logo_png(program_get()), content_type="image/png")
        response["Cache-Control"] = "public, max-age=3600"
        return response
