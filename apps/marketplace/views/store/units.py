"""The actions of the Letzshop panel on a Letzshop order's page: confirm or decline units, send
carrier and tracking. Each posts here and goes back to the order's page with a message."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from apps.accounts.access import StorePageView
from apps.core.errors import ApplicationError, ValidationFailed
from apps.orders import selectors as orders_selectors

from ...permissions import Action, ActionAccess
from ...services import units as units_services
from .connection_forms import TrackingForm

CHOICES = {"confirm": True, "decline": False}


def decisions_from(data) -> dict[int, bool]:
    """`unit-<pk>` = confirm | decline (anything else: not decided now)."""
    decisions: dict[int, bool] = {}
    for name, value in data.items():
        pk = name.removeprefix("unit-")
        if name.startswith("unit-") and pk.isascii() and pk.isdigit() and len(pk) < 19 and value in CHOICES:
            decisions[int(pk)] = CHOICES[value]
    return decisions


class OrderPanelAction(ActionAccess, StorePageView, View):
    abstract = True
    module = "marketplace"

    def back(self, order_id) -> HttpResponseRedirect:
        url = reverse("store:orders:detail", kwargs={"code": self.store.code, "pk": order_id})
        return HttpResponseRedirect(f"{url}#letzshop-title")

    def post(self, request, order_id, **kwargs):
        order = orders_selectors.order_get(store=self.store, order_id=order_id)  # 404 for another store's
        try:
            message = self.act(order)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, message)
        return self.back(order.pk)

    def act(self, order) -> str:
        raise NotImplementedError


class UnitsDecideView(OrderPanelAction):
    actions = {"POST": Action.UNITS_CONFIRM}

    def act(self, order) -> str:
        decisions = decisions_from(self.request.POST)
        units_services.units_decide(store=self.store, order=order, decisions=decisions, actor=self.request.user)
        return ngettext(
            "Letzshop was told about %(n)d item.", "Letzshop was told about %(n)d items.", len(decisions)
        ) % {"n": len(decisions)}


class TrackingSetView(OrderPanelAction):
    actions = {"POST": Action.TRACKING_SET}

    def act(self, order) -> str:
        form = TrackingForm(self.request.POST)
        if not form.is_valid():
            raise ValidationFailed(next(iter(form.errors.values()))[0])
        data = form.cleaned_data
        units_services.shipment_tracking_set(
            store=self.store, order=order, carrier=data["carrier"], code=data["code"], actor=self.request.user
        )
        return _("Tracking number sent to Letzshop.")
