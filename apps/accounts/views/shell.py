"""The store shell: dashboard, store settings, domains. Store data is tenancy's; the pages live
here because every store page needs store access (membership and roles), which is ours."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form
from apps.core.modules import registry
from apps.tenancy import selectors as tenancy_selectors
from apps.tenancy import services as tenancy_services
from apps.tenancy.forms import DomainAddForm, StoreSettingsForm
from apps.tenancy.routing import store_base_url

from ..access import StorePageView
from ..selectors import membership_list


class DashboardView(StorePageView, TemplateView):
    template_name = "store/dashboard.html"
    module = "store"
    permission = "store.view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enabled = self.store.merchant.enabled_modules
        checklist = registry.checklist(self.store, enabled, context["store_perms"])
        done = sum(1 for item in checklist if item.done)
        context.update(
            checklist=checklist,
            checklist_done=done,
            checklist_percent=int(100 * done / len(checklist)) if checklist else 100,
            storefront_url=store_base_url(self.store, self.request) + "/",
            team_size=membership_list(store=self.store).count(),
            widgets=registry.dashboard(self.store, enabled, context["store_perms"]),
        )
        return context


class SettingsView(StorePageView, FormView):
    template_name = "store/settings.html"
    module = "store"
    permission = "store.settings"
    form_class = StoreSettingsForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.store
        return kwargs

    def form_valid(self, form):
        try:
            tenancy_services.store_update(
                actor=self.request.user,
                store=self.store,
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Store settings saved."))
        return redirect("store:settings", code=self.store.code)


class DomainsView(StorePageView, FormView):
    template_name = "store/domains.html"
    module = "store"
    permission = "store.domains"
    form_class = DomainAddForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["domains"] = tenancy_selectors.domain_list(store=self.store)
        context["can_merchant_wide"] = self.has_perm("store.merchant_domains")
        return context

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.has_perm("store.merchant_domains"):
            field = form.fields["merchant_wide"]
            field.disabled = True
            field.help_text = _("Only an owner can add a domain for all stores of the company.")
        return form

    def form_valid(self, form):
        merchant_wide = form.cleaned_data["merchant_wide"]
        try:
            domain = tenancy_services.domain_add(
                actor=self.request.user,
                store=self.store,
                domain=form.cleaned_data["domain"],
                merchant_wide=merchant_wide,
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(domain)s added. Create the DNS record below, then verify.") % {"domain": domain.domain}
        )
        return redirect("store:domains", code=self.store.code)


class DomainActionView(StorePageView, View):
    """POST verify / activate / remove on one domain of this store."""

    module = "store"
    permission = "store.domains"
    http_method_names = ["post"]

    def post(self, request, code, pk, action):
        domain = tenancy_selectors.domain_get(store=self.store, domain_id=pk)
        if domain.is_merchant_wide and not self.has_perm("store.merchant_domains"):
            messages.error(request, _("Only an owner can change a domain used by all stores."))
            return redirect("store:domains", code=self.store.code)
        try:
            if action == "verify":
                tenancy_services.domain_verify(actor=request.user, domain=domain)
                messages.success(
                    request, _("%(domain)s is verified. You can activate it now.") % {"domain": domain.domain}
                )
            elif action == "activate":
                tenancy_services.domain_activate(actor=request.user, domain=domain)
                messages.success(request, _("%(domain)s is now active.") % {"domain": domain.domain})
            elif action == "remove":
                tenancy_services.domain_remove(actor=request.user, domain=domain)
                messages.success(request, _("%(domain)s was removed.") % {"domain": domain.domain})
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("store:domains", code=self.store.code)
