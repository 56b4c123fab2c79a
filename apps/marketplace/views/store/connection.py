"""The store's Letzshop settings page (/store/<code>/marketplace/settings/): the API key (write
only: the page shows its last four characters), a connection test with the typed key that saves
nothing, the options of the sync and the feed, and how the last sync went."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.accounts.access import StorePageView
from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form

from ...permissions import Action, ActionAccess, allowed_actions
from ...services import connection as connection_services
from .connection_forms import ConnectionForm, TestForm

OPTIONS = connection_services.OPTIONS


class ConnectionPage(ActionAccess, StorePageView):
    abstract = True
    module = "marketplace"

    def settings_url(self) -> str:
        return reverse("store:marketplace:settings", kwargs={"code": self.store.code})


class ConnectionSettingsView(ConnectionPage, TemplateView):
    actions = {"GET": Action.CONNECTION_VIEW, "POST": Action.CONNECTION_CHANGE}
    template_name = "marketplace/store/connection/settings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        connection = connection_services.connection_get(store=self.store)
        if "form" not in kwargs:
            context["form"] = ConnectionForm(initial={name: getattr(connection, name) for name in OPTIONS})
        context.update(can=allowed_actions(self.perms), connection=connection)
        return context

    def post(self, request, *args, **kwargs):
        form = ConnectionForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            api_key = data.pop("api_key") or None
            try:
                connection_services.connection_save(store=self.store, actor=request.user, api_key=api_key, **data)
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("Letzshop settings saved."))
                return HttpResponseRedirect(self.settings_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ConnectionTestView(ConnectionSettingsView):
    """Test the typed key without saving it: htmx gets the result's fragment, a plain form post the
    page with the result above the form."""

    actions = {"POST": Action.CONNECTION_CHANGE}
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = TestForm(request.POST)
        result: dict = {}
        if form.is_valid():
            try:
                result["vendor"] = connection_services.connection_test(api_key=form.cleaned_data["api_key"])
            except ApplicationError as error:
                result["error"] = error
        status = 200 if "vendor" in result else 400
        if request.headers.get("HX-Request"):
            template = "marketplace/store/connection/_test_result.html"
            return render(request, template, {"result": result}, status=200)
        return self.render_to_response(self.get_context_data(result=result), status=status)


class ConnectionDisconnectView(ConnectionPage, View):
    actions = {"POST": Action.CONNECTION_CHANGE}

    def post(self, request, *args, **kwargs):
        connection_services.connection_disconnect(store=self.store, actor=request.user)
        messages.success(request, _("The Letzshop key was removed: nothing is synced until a new key is saved."))
        return HttpResponseRedirect(self.settings_url())
