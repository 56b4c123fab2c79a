"""This store's staff PINs, /store/<code>/loyalty/settings/pins/ (store:loyalty:pins): create
(name and 4 to 6 digits), reset (also unlocks a locked PIN), revoke. Owners and managers only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form

from ... import services
from ...permissions import Action
from ...selectors import program as selectors
from .settings import SettingsPage
from .settings_forms import PinForm, PinResetForm


class PinsView(SettingsPage, TemplateView):
    actions = {"GET": Action.PINS, "POST": Action.PINS}
    template_name = "loyalty/store/settings/pins.html"

    def pins_url(self) -> str:
        return reverse("store:loyalty:pins", kwargs={"code": self.store.code})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        pins = list(selectors.pins_list(store=self.store))
        for pin in pins:
            pin.is_locked = bool(pin.locked_until and pin.locked_until > now)
        context.update(pins=pins, program=selectors.program_get(), reset_form=PinResetForm())
        context.setdefault("form", PinForm())
        return context

    def post(self, request, *args, **kwargs):
        form = PinForm(request.POST)
        if form.is_valid():
            try:
                pin = services.pin_create(store=self.store, actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("PIN created for %(name)s.") % {"name": pin.name})
                return HttpResponseRedirect(self.pins_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PinResetView(PinsView):
    actions = {"POST": Action.PINS}
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = PinResetForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("A PIN is 4 to 6 digits."))
            return HttpResponseRedirect(self.pins_url())
        try:
            pin = services.pin_reset(
                store=self.store, actor=request.user, pin_id=kwargs["pk"], pin=form.cleaned_data["pin"]
            )
        except ApplicationError as error:
            if error.status_code == 404:
                raise
            messages.error(request, error.message)
        else:
            messages.success(request, _("New PIN saved for %(name)s; it is unlocked.") % {"name": pin.name})
        return HttpResponseRedirect(self.pins_url())


class PinRevokeView(PinsView):
    actions = {"POST": Action.PINS}
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pin = services.pin_revoke(store=self.store, actor=request.user, pin_id=kwargs["pk"])
        messages.success(request, _("The PIN of %(name)s no longer works.") % {"name": pin.name})
        return HttpResponseRedirect(self.pins_url())
