"""The programme's statistics page: members, what was issued and redeemed, per store and per staff
member, and charts over the period (server-drawn SVG bars, as on the dashboard)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from apps.core.modules import DashboardBar, DashboardWidget

from ... import selectors
from ...permissions import Action
from .cards import CardsPage

PERIOD_LABELS = {
    30: gettext_lazy("Last 30 days"),
    90: gettext_lazy("Last 90 days"),
    365: gettext_lazy("Last 12 months"),
}


def _number(value: int) -> str:
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


def charts(result: selectors.Stats) -> list[DashboardWidget]:
    """One bar chart per figure that moved over the period, a bar per day or week."""
    specs = (
        ("stamps_issued", _("Stamps issued")),
        ("points_issued", _("Points issued")),
        ("rewards", _("Rewards given")),
        ("transactions", _("Transactions")),
    )
    widgets = []
    for name, title in specs:
        if not getattr(result.totals, name):
            continue
        values = [(row.key, getattr(row, name)) for row in result.series]
        bars = tuple(
            DashboardBar(formats.date_format(day, "SHORT_DATE_FORMAT"), float(value), _number(value))
            for day, value in values
        )
        per = _("per day") if result.bucket == "day" else _("per week, from")
        widgets.append(DashboardWidget(key=name, title=title, permission="", chart_title=f"{title} ({per})", bars=bars))
    return widgets


class StatsView(CardsPage, TemplateView):
    actions = {"GET": Action.STATS}
    template_name = "loyalty/store/stats/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = selectors.period_clean(self.request.GET.get("days"))
        only_store = self.request.GET.get("scope") == "store"
        result = selectors.stats(store=self.store, only_store=only_store, days=days)
        context.update(
            stats=result,
            days=days,
            only_store=only_store,
            periods=list(PERIOD_LABELS.items()),
            period_label=PERIOD_LABELS[days],
            charts=charts(result),
        )
        return context
