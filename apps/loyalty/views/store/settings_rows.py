"""The settings page's rewards and tiers: add, change, take off (POST only; back to the page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form

from ... import services
from .settings import SettingsPostView
from .settings_forms import RewardForm, TierForm


class RowView(SettingsPostView):
    """Add (no pk) or change (pk) a row with `form_class` through `create` / `update`."""

    abstract = True
    form_class = RewardForm
    context_name = "reward_form"

    def create(self, data):
        raise NotImplementedError

    def update(self, pk, data):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                if "pk" in kwargs:
                    self.update(kwargs["pk"], form.cleaned_data)
                else:
                    self.create(form.cleaned_data)
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                return self.done(_("Saved."))
        if "pk" in kwargs:  # an inline row: its errors as a message above the table
            errors = [
                f"{form.fields[name].label if name in form.fields else ''}: {e}"
                for name, es in form.errors.items()
                for e in es
            ]
            messages.error(request, " ".join(errors))
            return HttpResponseRedirect(self.settings_url(self.anchor))
        return self.page_with_errors(request, **{self.context_name: form})


class RewardSaveView(RowView):
    anchor = "rewards"

    def create(self, data):
        services.reward_create(store=self.store, actor=self.request.user, data=data)

    def update(self, pk, data):
        services.reward_update(store=self.store, actor=self.request.user, reward_id=pk, data=data)


class RewardDeactivateView(SettingsPostView):
    anchor = "rewards"

    def post(self, request, *args, **kwargs):
        services.reward_deactivate(store=self.store, actor=request.user, reward_id=kwargs["pk"])
        return self.done(_("The reward is no longer offered."))


class RewardActivateView(SettingsPostView):
    anchor = "rewards"

    def post(self, request, *args, **kwargs):
        services.reward_update(store=self.store, actor=request.user, reward_id=kwargs["pk"], data={"is_active": True})
        return self.done(_("The reward is offered again."))


class TierSaveView(RowView):
    anchor = "tiers"
    form_class = TierForm
    context_name = "tier_form"

    def create(self, data):
        services.tier_create(store=self.store, actor=self.request.user, data=data)

    def update(self, pk, data):
        services.tier_update(store=self.store, actor=self.request.user, tier_id=pk, data=data)


class TierDeleteView(SettingsPostView):
    anchor = "tiers"

    def post(self, request, *args, **kwargs):
        services.tier_delete(store=self.store, actor=request.user, tier_id=kwargs["pk"])
        return self.done(_("Tier deleted."))
