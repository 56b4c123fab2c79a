"""The customer's pages on the store's domain: the public join page and its success page, and
the signed-in customer's card and history (/account/loyalty/)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from apps.accounts.access import StorefrontPageView
from apps.core.errors import ApplicationError, NotFound
from apps.core.forms import add_error_to_form
from apps.core.ratelimit import client_ip

from ..errors import LoyaltyErrorCode
from ..models import Card, Program
from ..selectors import customer as selectors
from ..services.customer import card_account_enrol, card_self_enrol, self_enrolment_check
from ..wallet import pass_links
from .customer_forms import JoinForm

JOINED_SESSION_KEY = "loyalty_joined_card"
HISTORY_PAGE_SIZE = 20
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOURS = ("#1f3a5f", "#ffffff")
CLOSED_CODES = (LoyaltyErrorCode.NO_PROGRAM, LoyaltyErrorCode.PROGRAM_INACTIVE, LoyaltyErrorCode.SELF_ENROLMENT_OFF)


def wallet_buttons(card: Card, request: Any) -> dict[str, str | None]:
    """The card's "Add to Apple Wallet" and "Add to Google Wallet" addresses (None: no button,
    when that wallet is not configured)."""
    links = pass_links(card, request) or {}
    return {"apple": links.get("apple"), "google": links.get("google")}


def brand(program: Program) -> dict[str, str]:
    """The card's colours, for the page's custom properties (only well-formed #RRGGBB values)."""
    bg = program.card_colour if COLOUR.match(program.card_colour or "") else DEFAULT_COLOURS[0]
    fg = program.text_colour if COLOUR.match(program.text_colour or "") else DEFAULT_COLOURS[1]
    return {"bg": bg, "fg": fg}


def program_context(program: Program) -> dict[str, Any]:
    return {"program": program, "brand": brand(program), "rewards": selectors.program_rewards(program=program)}


class CustomerPage(StorefrontPageView, View):
    abstract = True
    module = "loyalty"

    def prepare(self, request) -> None:
        self.program = selectors.program_public()

    def closed(self, request, error: ApplicationError) -> HttpResponse:
        """The programme cannot be joined (none, switched off, not online): say so."""
        status = 404 if isinstance(error, NotFound) else 403
        context = {"message": error.message, "program": self.program if status == 403 else None}
        if self.program is not None:
            context["brand"] = brand(self.program)
        return render(request, "loyalty/storefront/closed.html", context, status=status)


class JoinView(CustomerPage):
    """The public enrolment page (the merchant's poster's QR code leads here)."""

    def get(self, request):
        try:
            self_enrolment_check()
        except ApplicationError as error:
            return self.closed(request, error)
        user = request.user
        initial = {"referral_code": (request.GET.get("ref") or "")[:16]}
        if user.is_authenticated:
            first, _sep, last = (user.full_name or "").partition(" ")
            initial.update(email=user.email, first_name=first, last_name=last)
        return self.page(request, JoinForm(initial=initial))

    def post(self, request):
        try:
            self_enrolment_check()
        except ApplicationError as error:
            return self.closed(request, error)
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                card = card_self_enrol(
                    store=self.store,
                    data=form.join_request(),
                    user=request.user,
                    language=translation.get_language() or "",
                    ip_address=client_ip(request),
                )
            except ApplicationError as error:
                if error.code in CLOSED_CODES:
                    return self.closed(request, error)
                add_error_to_form(form, error)
            else:
                request.session[JOINED_SESSION_KEY] = card.pk
                success = reverse("storefront:loyalty_join_success")
                return redirect(f"{success}?{urlencode({'card': card.number})}")
        return self.page(request, form, status=400)

    def page(self, request, form: JoinForm, status: int = 200) -> HttpResponse:
        context = {**program_context(self.program), "form": form, "has_card": False}
        if request.user.is_authenticated:
            context["has_card"] = selectors.card_of_user(user=request.user) is not None
        return render(request, "loyalty/storefront/join.html", context, status=status)


class JoinSuccessView(CustomerPage):
    """The card just made in this browser: its number, QR code and wallet buttons. Any other
    card number in the address is sent back to the join page."""

    def get(self, request):
        card = selectors.dangerously_card_get_by_id(card_id=request.session.get(JOINED_SESSION_KEY))
        if card is None or self.program is None or card.number != request.GET.get("card", ""):
            return redirect("storefront:loyalty_join")
        context = {**program_context(self.program), "card": card, "wallet": wallet_buttons(card, request)}
        return render(request, "loyalty/storefront/join_success.html", context)


class AccountPage(CustomerPage):
    abstract = True
    login_required = True

    def prepare(self, request) -> None:
        super().prepare(request)
        self.card = selectors.card_of_user(user=request.user)


class AccountLoyaltyView(AccountPage):
    """The customer's card: balance, stamps, rewards within reach, tier, QR code, wallet buttons
    and referral link; a one-click join when they have none."""

    def get(self, request):
        if self.program is None:
            return self.closed(request, NotFound(_("This shop has no loyalty programme.")))
        context = program_context(self.program)
        context.update(card=self.card, can_join=False)
        if self.card is None:
            try:
                self_enrolment_check()
                context["can_join"] = True
            except ApplicationError as error:
                context["join_refusal"] = error.message
            return render(request, "loyalty/storefront/account.html", context)
        context.update(
            wallet=wallet_buttons(self.card, request),
            stamps=self.stamps(self.card),
            available=self.available(self.card, context["rewards"]),
            referral_url=self.referral_url(request, self.card),
        )
        return render(request, "loyalty/storefront/account.html", context)

    def post(self, request):
        if self.card is not None:
            return redirect("storefront:loyalty_account")
        try:
            _card, made = card_account_enrol(
                store=self.store,
                user=request.user,
                language=translation.get_language() or "",
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Welcome! Your card is ready.") if made else _("Your card is now linked."))
        return redirect("storefront:loyalty_account")

    def stamps(self, card: Card) -> dict[str, Any] | None:
        if not self.program.has_stamps:
            return None
        target = self.program.stamps_target or 1
        filled = min(card.stamps_balance, target)
        return {
            "dots": [i < filled for i in range(target)],
            "target": target,
            "rewards_ready": card.stamps_balance // target,
        }

    def available(self, card: Card, rewards: list) -> list:
        if card.points_balance < self.program.min_redemption_points:
            return []
        return [reward for reward in rewards if reward.points_cost <= card.points_balance]

    def referral_url(self, request, card: Card) -> str:
        if not self.program.referrals_enabled:
            return ""
        join = reverse("storefront:loyalty_join")
        return request.build_absolute_uri(f"{join}?{urlencode({'ref': card.referral_code})}")


class AccountHistoryView(AccountPage):
    def get(self, request):
        if self.program is None or self.card is None:
            return redirect("storefront:loyalty_account")
        page = Paginator(selectors.card_transactions(card=self.card), HISTORY_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {**program_context(self.program), "card": self.card, "page": page}
        return render(request, "loyalty/storefront/history.html", context)
