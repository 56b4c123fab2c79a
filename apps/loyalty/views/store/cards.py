"""The cards pages: the list with its search and filters, its CSV export, and one card with its
QR code, balances and history, the manual adjustment and disabling the card."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.accounts.access import StorePageView
from apps.core.errors import ApplicationError
from apps.core.exports import csv_response
from apps.core.forms import PlainNumberField, add_error_to_form
from apps.core.ratelimit import client_ip

from ... import selectors, services
from ...models import Program
from ...permissions import Action, ActionAccess, allowed_actions

CARDS_PER_PAGE = 50
HISTORY_PER_PAGE = 50
ADJUST_LIMIT = 1_000_000
EXPORT_HEADER = [
    "number",
    "first_name",
    "last_name",
    "email",
    "active",
    "stamps",
    "points",
    "stamps_earned",
    "points_earned",
    "rewards_redeemed",
    "tier",
    "enrolled_store",
    "enrolled_at",
    "last_activity_at",
]


class AdjustForm(forms.Form):
    stamps = PlainNumberField(
        label=gettext_lazy("Stamps (+/-)"), required=False, min_value=-ADJUST_LIMIT, max_value=ADJUST_LIMIT
    )
    points = PlainNumberField(
        label=gettext_lazy("Points (+/-)"), required=False, min_value=-ADJUST_LIMIT, max_value=ADJUST_LIMIT
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255)


class CardsPage(ActionAccess, StorePageView):
    abstract = True
    module = "loyalty"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can"] = allowed_actions(self.perms)
        return context

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"store:loyalty:{name}", kwargs={"code": self.store.code, **kwargs})

    def filters(self) -> tuple[selectors.CardFilters, ApplicationError | None]:
        try:
            return selectors.card_filters_parse(self.request.GET), None
        except ApplicationError as error:
            return selectors.CardFilters(), error


class CardListView(CardsPage, TemplateView):
    actions = {"GET": Action.VIEW}
    template_name = "loyalty/store/cards/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters, error = self.filters()
        cards = selectors.cards_list(store=self.store, filters=filters)
        page = Paginator(cards, CARDS_PER_PAGE).get_page(self.request.GET.get("page"))
        has_cards = bool(page.paginator.count) or filters.active or bool(error)
        names = selectors.store_names(store=self.store) if page.object_list else {}
        for card in page.object_list:
            card.enrolled_name = names.get(card.enrolled_store_id) or f"#{card.enrolled_store_id}"
        context.update(
            filters=filters,
            filter_error=error,
            export_url=_with_query(self.url("cards_export"), filters.as_params()),
            sorts=SORT_LABELS,
            page=page,
            cards=page.object_list,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            has_program=has_cards or Program.objects.filter(key=1).exists(),
        )
        return context


SORT_LABELS = [
    ("newest", gettext_lazy("Newest first")),
    ("oldest", gettext_lazy("Oldest first")),
    ("activity", gettext_lazy("Recent activity")),
    ("inactive", gettext_lazy("Longest inactive")),
    ("points", gettext_lazy("Most points")),
    ("stamps", gettext_lazy("Most stamps")),
]


class CardExportView(CardsPage, View):
    """The filtered list as CSV, one row per card, streamed."""

    actions = {"GET": Action.EXPORT}

    def get(self, request, **kwargs):
        filters, _error = self.filters()
        cards = selectors.cards_list(store=self.store, filters=filters)
        names = selectors.store_names(store=self.store)

        rows = (export_row(card, names) for card in cards.iterator(chunk_size=1000))
        filename = f"loyalty-cards-{self.store.code}-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_response(filename=filename, header=EXPORT_HEADER, rows=rows)


def _with_query(url: str, params: dict[str, str]) -> str:
    return f"{url}?{urlencode(params)}" if params else url


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_row(card, names: dict[int, str]) -> list:
    customer = card.customer
    return [
        card.display_number,
        customer.first_name,
        customer.last_name,
        customer.email,
        "yes" if card.is_active else "no",
        card.stamps_balance,
        card.points_balance,
        card.stamps_earned,
        card.points_earned,
        card.rewards_redeemed,
        card.tier.name if card.tier_id and card.tier else "",
        names.get(card.enrolled_store_id) or card.enrolled_store_id,
        _when(card.created_at),
        _when(card.last_activity_at),
    ]


def qr_svg(payload: str) -> str:
    """The card's QR code as inline SVG markup (no script, no style attribute)."""
    return segno.make(payload, error="m").svg_inline(scale=4, border=2, omitsize=True)


class CardDetailView(CardsPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.ADJUST}
    template_name = "loyalty/store/cards/detail.html"

    def card(self):
        return selectors.card_get(store=self.store, card_id=self.kwargs["card_id"])

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        card = kwargs.get("card") or self.card()
        names = selectors.store_names(store=self.store)
        page = Paginator(selectors.card_transactions(store=self.store, card=card), HISTORY_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context.update(
            card=card,
            customer=card.customer,
            qr=mark_safe(qr_svg(card.qr_payload)),  # noqa: S308 - segno's own SVG of our digits
            enrolled_store=names.get(card.enrolled_store_id) or f"#{card.enrolled_store_id}",
            page=page,
            transactions=selectors.transactions_named(page.object_list, names),
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            form=form or AdjustForm(),
        )
        return context

    def post(self, request, **kwargs):
        card = self.card()
        form = AdjustForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            terminal = services.Terminal(
                store=self.store, user=request.user, ip_address=client_ip(request) or None, device="store page"
            )
            try:
                services.card_adjust(
                    terminal=terminal,
                    card=card,
                    stamps=data["stamps"] or 0,
                    points=data["points"] or 0,
                    reason=data["reason"],
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("The card's balance was adjusted."))
                return HttpResponseRedirect(self.url("card", card_id=card.pk))
        return self.render_to_response(self.get_context_data(form=form, card=card), status=400)


class CardActiveView(CardsPage, View):
    """Disable or enable the card (`active` = 0 | 1)."""

    actions = {"POST": Action.ADJUST}

    def post(self, request, card_id, **kwargs):
        card = selectors.card_get(store=self.store, card_id=card_id)
        active = request.POST.get("active") == "1"
        services.card_set_active(
            store=self.store, card=card, active=active, actor=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("The card is enabled.") if active else _("The card is disabled."))
        return HttpResponseRedirect(self.url("card", card_id=card.pk))
