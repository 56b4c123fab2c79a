from django import forms
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from apps.core.admin import AuditEventAdmin
from apps.core.errors import ApplicationError
from apps.core.models import AuditEvent
from apps.core.modules import registry

from . import services
from .models import Domain, Merchant, Store


class MerchantAdminForm(forms.ModelForm):
    modules = forms.MultipleChoiceField(
        label=_("Enabled modules"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Modules not listed here (store, team) are always on. A module whose dependency is off is off too."
        ),
    )

    class Meta:
        model = Merchant
        fields = ["name", "schema_name", "contact_email", "vat_number", "is_active", "confirmed_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        switchable = registry.switchable()
        self.fields["modules"].choices = [(m.code, m.name) for m in switchable]
        disabled = set(self.instance.disabled_modules or [])
        self.fields["modules"].initial = [m.code for m in switchable if m.code not in disabled]
        if self.instance.pk:
            self.fields["schema_name"].disabled = True

    def save(self, commit=True):
        enabled = set(self.cleaned_data.get("modules") or [])
        self.instance.disabled_modules = sorted(m.code for m in registry.switchable() if m.code not in enabled)
        return super().save(commit)


class StoreInlineForm(forms.ModelForm):
    class Meta:
        model = Store
        fields = ["code", "name", "is_active", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # a store's code is fixed once it exists (see Store)
            self.fields["code"].disabled = True


class StoreInline(admin.TabularInline):
    model = Store
    form = StoreInlineForm
    fields = ["code", "name", "is_active", "language"]
    extra = 0
    show_change_link = True


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    form = MerchantAdminForm
    list_display = ["name", "schema_name", "store_codes", "modules_off", "is_active", "confirmed_at", "created_at"]
    list_filter = ["is_active", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "schema_name", "contact_email", "stores__code"]
    inlines = [StoreInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("stores")

    @admin.display(description=_("stores"))
    def store_codes(self, obj):
        return ", ".join(s.code for s in obj.stores.all())

    @admin.display(description=_("modules off"))
    def modules_off(self, obj):
        return ", ".join(obj.disabled_modules) or "—"

    def has_delete_permission(self, request, obj=None):
        return False  # a merchant's schema holds its data: deactivate instead

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for store in formset.new_objects:
            services.store_ensure_subdomain(store=store)


class DomainInline(admin.TabularInline):
    model = Domain
    fields = ["domain", "kind", "status", "verified_at"]
    readonly_fields = ["verified_at"]
    extra = 0


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "merchant", "language", "is_active", "created_at"]
    list_filter = ["is_active", "language"]
    search_fields = ["code", "name", "merchant__name"]
    list_select_related = ["merchant"]
    inlines = [DomainInline]

    def get_readonly_fields(self, request, obj=None):
        # a store's code is fixed once it exists (see Store)
        return ["code"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.store_ensure_subdomain(store=obj)


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "store", "kind", "status", "verified_at", "last_checked_at", "check_failures"]
    list_filter = ["kind", "status"]
    search_fields = ["domain", "tenant__name", "store__code"]
    list_select_related = ["tenant", "store"]
    readonly_fields = [
        "verification_token",
        "txt_record",
        "verified_at",
        "last_checked_at",
        "check_failures",
        "last_check_error",
    ]
    actions = ["verify_now", "activate"]

    @admin.display(description=_("DNS record to create"))
    def txt_record(self, obj):
        return f'{obj.txt_record_name}  TXT  "{obj.txt_record_value}"' if obj.pk else ""

    @admin.action(description=_("Verify the DNS record now"))
    def verify_now(self, request, queryset):
        for domain in queryset.filter(kind=Domain.Kind.CUSTOM):
            try:
                services.domain_verify(actor=request.user, domain=domain)
                self.message_user(request, _("%s verified.") % domain.domain, messages.SUCCESS)
            except ApplicationError as error:
                self.message_user(request, f"{domain.domain}: {error.message}", messages.WARNING)

    @admin.action(description=_("Activate verified domains"))
    def activate(self, request, queryset):
        for domain in queryset:
            try:
                services.domain_activate(actor=request.user, domain=domain)
                self.message_user(request, _("%s is active.") % domain.domain, messages.SUCCESS)
            except ApplicationError as error:
                self.message_user(request, f"{domain.domain}: {error.message}", messages.WARNING)


class AuditMerchantFilter(admin.SimpleListFilter):
    title = _("merchant")
    parameter_name = "merchant"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Merchant.objects.order_by("name").values_list("pk", "name")]

    def queryset(self, request, queryset):
        return queryset.filter(merchant_id=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class MerchantAuditEventAdmin(AuditEventAdmin):
    """The audit log with the names of the merchants and stores its rows name by id."""

    list_display = ["created_at", "actor_email", "actor_kind", "action", "target", "merchant", "store"]
    list_filter = ["actor_kind", AuditMerchantFilter, "action"]
    search_fields = [*AuditEventAdmin.search_fields, "merchant_name", "store_label"]

    def get_queryset(self, request):
        stores = Store.objects.filter(pk=OuterRef("store_id"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                merchant_name=Subquery(Merchant.objects.filter(pk=OuterRef("merchant_id")).values("name")[:1]),
                store_label=Subquery(
                    stores.annotate(label=Concat("name", Value(" ("), "code", Value(")"))).values("label")[:1]
                ),
            )
        )

    @admin.display(description=_("merchant"), ordering="merchant_name")
    def merchant(self, obj):
        return _label(obj.merchant_name, obj.merchant_id)

    @admin.display(description=_("store"), ordering="store_label")
    def store(self, obj):
        return _label(obj.store_label, obj.store_id)


def _label(name: str | None, pk: int | None) -> str:
    """The name of a merchant or store, or its id if it has been deleted since."""
    if pk is None:
        return "—"
    return name or f"#{pk}"
