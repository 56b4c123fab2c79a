"""The store's shipping methods (settings): list, add, edit, deactivate and reactivate."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError
from apps.core.forms import PlainNumberField, add_error_to_form

from ... import selectors
from ...models import ShippingMethod
from ...models.settings import ShippingZone
from ...permissions import Action
from ...services import shipping_methods
from .base import OrdersPage

AMOUNT_ERROR = gettext_lazy("Enter an amount of 0 or more with at most two decimals.")
# "2000 = 6.90", "2000g: 6,90 EUR", "2000 6.90"
_BAND = re.compile(r"\s*([0-9]+)\s*g?\s*[=:;]?\s*([0-9]+(?:[.,][0-9]*)?)\s*(?:EUR|€)?\s*", re.IGNORECASE | re.ASCII)


def _amount(label, help_text=""):
    return PlainNumberField(
        label=label,
        required=False,
        decimal_places=2,
        min_value=0,
        max_value=shipping_methods.MAX_AMOUNT,
        help_text=help_text,
        error_messages={code: AMOUNT_ERROR for code in ("invalid", "min_value", "max_value", "max_decimal_places")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "0.00"}),
    )


class ShippingMethodForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ShippingMethod.Kind.choices)
    zone = forms.ChoiceField(
        label=gettext_lazy("Ships to"),
        required=False,
        choices=[("", gettext_lazy("Not for click and collect")), *ShippingZone.choices],
    )
    price = _amount(gettext_lazy("Price incl. VAT (EUR)"), gettext_lazy("Flat rate, or the pickup fee (often 0)."))
    free_above = _amount(
        gettext_lazy("Free from an order of (EUR)"), gettext_lazy("Leave empty when shipping is never free.")
    )
    weight_rates = forms.CharField(
        label=gettext_lazy("Rates by weight"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "2000 = 6.90\n5000 = 9.90"}),
        help_text=gettext_lazy(
            "For “By weight”: one band a line, up to grams = price, lightest first. Heavier parcels are not offered."
        ),
    )
    delivery_days = forms.CharField(label=gettext_lazy("Delivery time"), max_length=40, required=False)
    pickup_instructions = forms.CharField(
        label=gettext_lazy("Pickup instructions"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For click and collect: where and when to collect."),
    )

    def clean_weight_rates(self):
        bands = []
        for line in self.cleaned_data["weight_rates"].splitlines():
            if not line.strip():
                continue
            found = _BAND.fullmatch(line)
            if found is None:
                raise forms.ValidationError(_("Write each band as up to grams = price, e.g. 2000 = 6.90."))
            bands.append({"up_to_grams": found.group(1), "price": found.group(2)})
        return bands

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("price", "free_above"):
            data[name] = "" if data[name] is None else str(data[name])
        return data

    @staticmethod
    def initial_of(method: ShippingMethod) -> dict:
        bands = "\n".join(f"{band['up_to_grams']} = {band['price']}" for band in method.weight_rates or [])
        initial = {name: getattr(method, name) for name in shipping_methods.FIELDS}
        initial["weight_rates"] = bands
        return initial


class ShippingView(OrdersPage, TemplateView):
    """The list, and (POST) a new method."""

    actions = {"GET": Action.SETTINGS_VIEW, "POST": Action.SETTINGS_CHANGE}
    template_name = "orders/store/settings/shipping.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ShippingMethodForm(initial={"zone": ShippingZone.LU}))
        context["methods"] = list(selectors.shipping_method_list(store=self.store))
        return context

    def post(self, request, **kwargs):
        form = ShippingMethodForm(request.POST)
        if form.is_valid():
            try:
                method = shipping_methods.shipping_method_create(
                    store=self.store, actor=request.user, data=form.values()
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("“%(name)s” added.") % {"name": method.name})
                return self.redirect("settings_shipping")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ShippingEditView(OrdersPage, TemplateView):
    actions = {"GET": Action.SETTINGS_CHANGE, "POST": Action.SETTINGS_CHANGE}
    template_name = "orders/store/settings/shipping_form.html"

    def prepare(self, request):
        self.method = selectors.shipping_method_get(store=self.store, method_id=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ShippingMethodForm(initial=ShippingMethodForm.initial_of(self.method)))
        context["method"] = self.method
        return context

    def post(self, request, **kwargs):
        form = ShippingMethodForm(request.POST)
        if form.is_valid():
            try:
                shipping_methods.shipping_method_update(
                    store=self.store, actor=request.user, method=self.method, data=form.values()
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("Shipping method saved."))
                return self.redirect("settings_shipping")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ShippingToggleView(OrdersPage, View):
    """POST: stop offering a method, or offer it again."""

    actions = {"POST": Action.SETTINGS_CHANGE}
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        method = selectors.shipping_method_get(store=self.store, method_id=pk)
        shipping_methods.shipping_method_set_active(
            store=self.store, actor=request.user, method=method, active=not method.is_active
        )
        if method.is_active:
            messages.success(request, _("“%(name)s” is offered at checkout again.") % {"name": method.name})
        else:
            messages.success(request, _("“%(name)s” is no longer offered at checkout.") % {"name": method.name})
        return self.redirect("settings_shipping")
