"""Platform-wide reads of the setup wizard (the platform admin and its API; public schema): the
onboarding analytics and the store a platform request names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.modules import DashboardBar, DashboardWidget, registry
from apps.tenancy.models import Store

from .models import OnboardingEvent, OnboardingProgress, OnboardingStepState
from .wizard import Median

STUCK_DAYS = 7
OPEN = (OnboardingProgress.Status.NOT_STARTED, OnboardingProgress.Status.IN_PROGRESS, OnboardingProgress.Status.PAUSED)


def dangerously_store_by_code(*, code: str) -> Store | None:
    """Any merchant's store by its code (platform staff only)."""
    return Store.objects.select_related("merchant").filter(code=(code or "").upper()).first()


def progress_stuck(*, now=None, days: int = STUCK_DAYS):
    """Unfinished wizards without activity for more than `days` days, the longest stuck first."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return (
        OnboardingProgress.objects.filter(status__in=OPEN, updated_at__lt=cutoff)
        .select_related("store__merchant")
        .order_by("updated_at")
    )


@dataclass(frozen=True)
class FunnelRow:
    key: str
    title: Any
    started: int
    completed: int
    not_applicable: int
    median_seconds: float | None

    @property
    def dropped(self) -> int:
        """Started and not completed (yet)."""
        return self.started - self.completed


def onboarding_funnel() -> list[FunnelRow]:
    """Per step of the wizard (every module's): how many stores started it, completed it, left it
    unfinished, and the median time it took."""
    counts = {
        row["step"]: row
        for row in OnboardingStepState.objects.values("step").annotate(
            started=Count("id", filter=~Q(status=OnboardingStepState.Status.NOT_APPLICABLE)),
            completed=Count("id", filter=Q(status=OnboardingStepState.Status.COMPLETED)),
            not_applicable=Count("id", filter=Q(status=OnboardingStepState.Status.NOT_APPLICABLE)),
            median=Median("seconds", filter=Q(status=OnboardingStepState.Status.COMPLETED)),
        )
    }
    rows = []
    for step in registry.wizard_steps([module.code for module in registry.all()]):
        found = counts.get(step.key, {})
        rows.append(
            FunnelRow(
                key=step.key,
                title=step.title,
                started=found.get("started", 0),
                completed=found.get("completed", 0),
                not_applicable=found.get("not_applicable", 0),
                median_seconds=found.get("median"),
            )
        )
    return rows


def onboarding_errors(*, limit: int = 10) -> list[dict[str, Any]]:
    """The most frequent errors of the wizard: code, the module's code behind it, step, count."""
    return list(
        OnboardingEvent.objects.filter(kind=OnboardingEvent.Kind.ERROR)
        .values("code", "detail_code", "step")
        .annotate(count=Count("id"))
        .order_by("-count", "code")[:limit]
    )


def onboarding_status_counts() -> dict[str, int]:
    """Stores per onboarding status, by the status's label ("Completed": 2)."""
    rows = OnboardingProgress.objects.values("status").annotate(count=Count("id"))
    labels = dict(OnboardingProgress.Status.choices)
    return {str(labels.get(row["status"], row["status"])): row["count"] for row in rows}


def funnel_chart(rows: list[FunnelRow], title: Any) -> DashboardWidget:
    """The funnel as a bar chart: started and completed per step, side by side."""
    bars = []
    for row in rows:
        started = _("%(step)s: started") % {"step": row.title}
        completed = _("%(step)s: completed") % {"step": row.title}
        bars.append(DashboardBar(label=started, value=row.started, text=str(row.started)))
        bars.append(DashboardBar(label=completed, value=row.completed, text=str(row.completed)))
    return DashboardWidget(key="onboarding-funnel", title=title, permission="", chart_title=title, bars=tuple(bars))
