"""The programme's settings page, /store/<code>/loyalty/settings/ (store:loyalty:settings): the
same programme from every store of the merchant. Before it exists, a start that picks stamps,
points or both, then the whole form; afterwards the form in sections, the rewards and tiers, the
branding images, the platform's overrides and the on/off switch. Managers change, others see."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.accounts.access import StorePageView
from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form

from ... import services
from ...models import Program
from ...permissions import Action, ActionAccess, allowed_actions
from ...platform.models import MerchantLoyaltyPolicy
from ...selectors import program as selectors
from ...services.program import FIELDS
from .settings_forms import ImageForm, ProgramForm, RewardForm, TierForm

KIND_HELP = {
    Program.Kind.STAMPS: gettext_lazy(
        "One stamp per visit or purchase; a full card gives a reward, e.g. a free coffee."
    ),
    Program.Kind.POINTS: gettext_lazy("Points for every euro spent; customers swap points for the rewards you list."),
    Program.Kind.HYBRID: gettext_lazy("Both: stamps for visits and points for what is spent."),
}


def policy_notes(policy: MerchantLoyaltyPolicy) -> list[str]:
    """What the platform decides for this merchant over the programme's own settings."""
    notes = []
    if policy.pin_policy == MerchantLoyaltyPolicy.PinPolicy.REQUIRED:
        notes.append(_("The staff PIN is always required by the platform."))
    if not policy.voids_allowed:
        notes.append(_("Voids are switched off by the platform."))
    if not policy.cross_store_redemption:
        notes.append(_("Rewards can only be redeemed in the store where the card was enrolled."))
    if policy.order_reference_required:
        notes.append(_("An order reference is required at the till."))
    if not policy.self_enrolment:
        notes.append(_("Customers cannot join online: enrol them at the counter."))
    return notes


class SettingsPage(ActionAccess, StorePageView):
    abstract = True
    module = "loyalty"

    def settings_url(self, anchor: str = "") -> str:
        url = reverse("store:loyalty:settings", kwargs={"code": self.store.code})
        return f"{url}#{anchor}" if anchor else url


class SettingsView(SettingsPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.PROGRAM_CHANGE}
    template_name = "loyalty/store/settings/settings.html"

    def _program_form(self, program: Program | None) -> ProgramForm:
        base = program or Program(name=self.store.name)
        initial = {name: getattr(base, name) for name in FIELDS}
        kind = self.request.GET.get("kind")
        if program is None and kind in Program.Kind.values:
            initial["kind"] = kind
        return ProgramForm(initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = selectors.program_get()
        context.update(
            program=program,
            can=allowed_actions(self.perms),
            kinds=[(value, label, KIND_HELP[value]) for value, label in Program.Kind.choices],
            starting=program is None and "form" not in kwargs and self.request.GET.get("kind") is None,
        )
        context.setdefault("form", self._program_form(program))
        if program is not None:
            context.update(
                rewards=selectors.rewards_list(),
                tiers=selectors.tiers_list(),
                notes=policy_notes(services.policy_for(self.store.merchant_id)),
            )
            context.setdefault("reward_form", RewardForm())
            context.setdefault("tier_form", TierForm())
            context.setdefault("image_form", ImageForm())
        return context

    def post(self, request, *args, **kwargs):
        form = ProgramForm(request.POST)
        if form.is_valid():
            exists = selectors.program_get() is not None
            save = services.program_update if exists else services.program_create
            try:
                save(store=self.store, actor=request.user, data=form.cleaned_data)
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("Programme saved.") if exists else _("Your loyalty programme is live."))
                return HttpResponseRedirect(self.settings_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SettingsPostView(SettingsPage, View):
    """A small form of the settings page: on success back to the page, else the page with the
    form's errors (status 400)."""

    abstract = True
    actions = {"POST": Action.PROGRAM_CHANGE}
    anchor = ""

    def page_with_errors(self, request, **forms):
        view = SettingsView(request=request, args=self.args, kwargs=self.kwargs)
        view.store, view.role, view.perms = self.store, self.role, self.perms
        return view.render_to_response(view.get_context_data(**forms), status=400)

    def done(self, message: str):
        messages.success(self.request, message)
        return HttpResponseRedirect(self.settings_url(self.anchor))


class ProgramActiveView(SettingsPostView):
    def post(self, request, *args, **kwargs):
        active = request.POST.get("active") == "1"
        try:
            services.program_set_active(store=self.store, actor=request.user, active=active)
        except ApplicationError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.settings_url())
        return self.done(_("The programme is on.") if active else _("The programme is off."))


class ImagesView(SettingsPostView):
    anchor = "branding"

    def post(self, request, *args, **kwargs):
        form = ImageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                for field in ("logo", "hero_image"):
                    if request.POST.get(f"{field}_clear"):
                        services.program_image_clear(store=self.store, actor=request.user, field=field)
                    elif form.cleaned_data.get(field):
                        services.program_image_set(
                            store=self.store, actor=request.user, field=field, upload=form.cleaned_data[field]
                        )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                return self.done(_("Images saved."))
        return self.page_with_errors(request, image_form=form)
