"""Platform admin of loyalty: every merchant's programme with its figures (the directory), the
platform-wide analytics, each merchant's programme read in its schema, and the loyalty settings
the platform decides per merchant (every change audited)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.background import task_send_on_commit
from apps.core.errors import ApplicationError

from ..models import Program
from . import selectors, services
from .models import MerchantLoyaltyPolicy, ProgramDirectory

DIRECTORY_TASK = "apps.loyalty.tasks.program_directory_refresh"


class KindFilter(admin.SimpleListFilter):
    title = _("type")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return Program.Kind.choices

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(ProgramDirectory)
class ProgramDirectoryAdmin(admin.ModelAdmin):
    list_display = [  # the links first: on a narrow screen the last columns need a scroll
        "merchant",
        "name",
        "links",
        "kind_label",
        "is_active",
        "members",
        "active_members",
        "transactions_30d",
        "last_activity_at",
    ]
    list_filter = [KindFilter, "is_active"]
    search_fields = ["merchant__name", "merchant__schema_name", "name"]
    list_select_related = ["merchant"]
    readonly_fields = [
        "merchant",
        "name",
        "kind_label",
        "is_active",
        "members",
        "active_members",
        "transactions_30d",
        "points_issued_30d",
        "stamps_issued_30d",
        "last_activity_at",
        "refreshed_at",
        "created_at",
    ]
    fields = readonly_fields
    actions = ["refresh_figures"]
    change_list_template = "admin/loyalty_platform/directory_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the refresh deletes the row of a merchant without a programme

    def has_change_permission(self, request, obj=None):
        return False  # figures only: the page shows them without Save buttons that do nothing

    @admin.display(description=_("type"), ordering="kind")
    def kind_label(self, obj):
        return selectors.kind_label(obj.kind)

    @admin.display(description=_("details"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:loyalty_platform_merchant", args=[obj.merchant_id]),
            _("Programme"),
            reverse("admin:loyalty_platform_merchant_settings", args=[obj.merchant_id]),
            _("Settings"),
        )

    def get_urls(self):
        own = [
            path("analytics/", self.admin_site.admin_view(self.analytics_view), name="loyalty_platform_analytics"),
            path(
                "merchants/<int:merchant_id>/",
                self.admin_site.admin_view(self.merchant_view),
                name="loyalty_platform_merchant",
            ),
            path(
                "merchants/<int:merchant_id>/settings/",
                self.admin_site.admin_view(self.settings_view),
                name="loyalty_platform_merchant_settings",
            ),
        ]
        return own + super().get_urls()

    @admin.action(description=_("Refresh figures"), permissions=["view"])
    def refresh_figures(self, request, queryset):
        for merchant_id in queryset.values_list("merchant_id", flat=True):
            task_send_on_commit(DIRECTORY_TASK, merchant_id)
        self.message_user(request, _("The figures are being refreshed."), messages.SUCCESS)

    def _context(self, request, title) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "changelist_url": reverse("admin:loyalty_platform_programdirectory_changelist"),
        }

    def analytics_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        top = selectors.top_merchants()
        context = {
            **self._context(request, _("Loyalty analytics")),
            "totals": selectors.platform_totals(),
            "kinds": selectors.programmes_by_kind(),
            "top": top,
            "chart": selectors.activity_chart(top, _("Transactions in the last 30 days, most active merchants")),
        }
        return TemplateResponse(request, "admin/loyalty_platform/analytics.html", context)

    def _merchant(self, request, merchant_id):
        merchant = selectors.dangerously_merchant_get(merchant_id=merchant_id)
        if merchant is None or not self.has_view_permission(request):
            raise Http404
        return merchant

    def merchant_view(self, request, merchant_id: int):
        merchant = self._merchant(request, merchant_id)
        context = {
            **self._context(request, _("Loyalty programme of %(merchant)s") % {"merchant": merchant.name}),
            "merchant": merchant,
            "policy": selectors.policy_or_default(merchant=merchant),
            "settings_url": reverse("admin:loyalty_platform_merchant_settings", args=[merchant.pk]),
            **selectors.merchant_programme(merchant=merchant),
        }
        return TemplateResponse(request, "admin/loyalty_platform/merchant.html", context)

    def settings_view(self, request, merchant_id: int):
        """The merchant's settings: its policy's change form, or the add form for it (the policy
        is created on the first save)."""
        merchant = self._merchant(request, merchant_id)
        policy = MerchantLoyaltyPolicy.objects.filter(merchant_id=merchant.pk).first()
        if policy is not None:
            return redirect("admin:loyalty_platform_merchantloyaltypolicy_change", policy.pk)
        return redirect(f"{reverse('admin:loyalty_platform_merchantloyaltypolicy_add')}?merchant={merchant.pk}")


class PolicyForm(forms.ModelForm):
    class Meta:
        model = MerchantLoyaltyPolicy
        fields = ["merchant", *services.POLICY_FIELDS]


@admin.register(MerchantLoyaltyPolicy)
class MerchantLoyaltyPolicyAdmin(admin.ModelAdmin):
    form = PolicyForm
    list_display = ["merchant", *services.POLICY_FIELDS, "updated_at"]
    list_filter = ["pin_policy", "self_enrolment", "voids_allowed", "cross_store_redemption"]
    search_fields = ["merchant__name", "merchant__schema_name"]
    list_select_related = ["merchant"]

    def get_readonly_fields(self, request, obj=None):
        return ["merchant", "updated_at"] if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["merchant", *services.POLICY_FIELDS, *(["updated_at"] if obj is not None else [])]

    def has_delete_permission(self, request, obj=None):
        return False  # switch settings back instead: every change is audited

    def save_model(self, request, obj, form, change):
        """Through the service, which locks, audits each change and creates the row if needed."""
        changes = {name: form.cleaned_data[name] for name in services.POLICY_FIELDS if name in form.cleaned_data}
        try:
            policy = services.policy_update(actor=request.user, merchant=obj.merchant, changes=changes)
        except ApplicationError as error:  # the form validated the same; a race at most
            self.message_user(request, error.message, messages.ERROR)
            return
        obj.pk = policy.pk
        obj.updated_at = policy.updated_at
