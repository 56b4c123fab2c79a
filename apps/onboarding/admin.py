"""Platform admin of the setup wizard: every store's onboarding state, skipping a store's wizard
with a reason (support cases; recorded and audited), and the onboarding analytics page."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError

from . import selectors, wizard
from .models import OnboardingEvent, OnboardingProgress, OnboardingStepState


class SkipForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, strip=True)


class StepStateInline(admin.TabularInline):
    model = OnboardingStepState
    fields = ["step", "status", "started_at", "completed_at", "seconds"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class EventInline(admin.TabularInline):
    model = OnboardingEvent
    fields = ["created_at", "kind", "step", "code", "detail_code", "message"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(OnboardingProgress)
class OnboardingProgressAdmin(admin.ModelAdmin):
    list_display = ["store", "merchant", "status", "current_step", "started_at", "days_stuck"]
    list_filter = ["status", ("started_at", admin.DateFieldListFilter), "store__merchant__is_active"]
    search_fields = ["store__code", "store__name", "store__merchant__name", "skipped_by"]
    list_select_related = ["store__merchant"]
    readonly_fields = [
        "store",
        "status",
        "current_step",
        "answers",
        "created_at",
        "started_at",
        "completed_at",
        "paused_at",
        "updated_at",
        "skipped_by",
        "skip_reason",
    ]
    fields = readonly_fields
    inlines = [StepStateInline, EventInline]
    actions = ["skip_onboarding"]
    change_form_template = "admin/onboarding/progress_change_form.html"
    change_list_template = "admin/onboarding/progress_change_list.html"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("merchant"), ordering="store__merchant__name")
    def merchant(self, obj):
        return obj.store.merchant

    @admin.display(description=_("days without progress"), ordering="updated_at")
    def days_stuck(self, obj):
        if obj.is_finished:
            return "–"
        return (timezone.now() - obj.updated_at).days

    def get_urls(self):
        own = [
            path("analytics/", self.admin_site.admin_view(self.analytics_view), name="onboarding_analytics"),
            path("<int:pk>/skip/", self.admin_site.admin_view(self.skip_view), name="onboarding_skip"),
        ]
        return own + super().get_urls()

    @admin.action(description=_("Skip onboarding (asks for a reason)"), permissions=["change"])
    def skip_onboarding(self, request, queryset):
        chosen = [row for row in queryset if not row.is_finished]
        if "reason" in request.POST:
            form = SkipForm(request.POST)
            if form.is_valid():
                self._skip(request, chosen, form.cleaned_data["reason"])
                return None
        else:
            form = SkipForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Skip onboarding"),
            "form": form,
            "rows": chosen,
            "action": "skip_onboarding",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/onboarding/skip.html", context)

    def skip_view(self, request, pk):
        progress = self.get_object(request, str(pk))
        if progress is None or not self.has_change_permission(request, progress):
            return redirect("admin:onboarding_onboardingprogress_changelist")
        form = SkipForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            self._skip(request, [progress], form.cleaned_data["reason"])
            return redirect("admin:onboarding_onboardingprogress_change", progress.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Skip onboarding"),
            "form": form,
            "rows": [progress],
            "action": "",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/onboarding/skip.html", context)

    def _skip(self, request, rows, reason: str) -> None:
        for progress in rows:
            try:
                wizard.wizard_skip(store=progress.store, actor=request.user, reason=reason)
            except ApplicationError as error:
                self.message_user(request, f"{progress.store}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("Onboarding skipped for %(store)s.") % {"store": progress.store})

    def analytics_view(self, request):
        funnel = selectors.onboarding_funnel()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Onboarding analytics"),
            "opts": self.model._meta,
            "funnel": funnel,
            "chart": selectors.funnel_chart(funnel, _("Stores per step: started and completed")),
            "stuck": selectors.progress_stuck()[:100],
            "stuck_days": selectors.STUCK_DAYS,
            "errors": selectors.onboarding_errors(),
            "statuses": selectors.onboarding_status_counts(),
            "changelist_url": reverse("admin:onboarding_onboardingprogress_changelist"),
        }
        return TemplateResponse(request, "admin/onboarding/analytics.html", context)
