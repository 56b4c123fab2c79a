"""One order's page and the actions on it. Each action is a form on the page, offered to the roles
that may do it (`can.<action>`) when the order's state allows it, and posted to a view that
requires that action. Invalid input, or an order whose state changed meanwhile, comes back on the
page with the message next to the field (or at the top), never as a server error."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form
from apps.core.modules import registry

from ... import selectors, services
from ...errors import OrdersErrorCode
from ...models import Fulfilment, Order, Return
from ...models.orders import FulfilmentStatus, OrderStatus
from ...permissions import Action
from .base import OrdersPage
from .orders_forms import (
    CancelForm,
    DeliverForm,
    FulfilForm,
    NoteForm,
    PaymentForm,
    RefundForm,
    ReturnDecisionForm,
    ReturnForm,
)

CLOSED = (OrderStatus.CANCELLED, OrderStatus.EXPIRED)


def _offers(order: Order) -> dict[str, bool]:
    """Which actions the order's state allows (the services have the last word)."""
    open_order = order.status not in CLOSED
    return {
        "confirm": order.status == OrderStatus.OPEN,
        "cancel": order.is_cancellable,
        "fulfil": open_order and any(line.quantity_unfulfilled > 0 for line in order.lines.all()),
        "payment": open_order and order.balance_due > 0,
        "refund": order.refundable > 0,
        "return": open_order and any(line.quantity_fulfilled > line.quantity_returned for line in order.lines.all()),
        "note": True,
    }


FORMS = {  # form name -> (action, offer, form class, needs the order)
    "cancel_form": (Action.CANCEL, "cancel", CancelForm, False),
    "fulfil_form": (Action.FULFIL, "fulfil", FulfilForm, True),
    "payment_form": (Action.PAYMENT_RECORD, "payment", PaymentForm, True),
    "refund_form": (Action.REFUND, "refund", RefundForm, True),
    "return_form": (Action.RETURN, "return", ReturnForm, True),
    "note_form": (Action.NOTE_ADD, "note", NoteForm, False),
}


class OrderDetailView(OrdersPage, TemplateView):
    actions = {"GET": Action.VIEW}
    template_name = "orders/store/orders/detail.html"

    def order(self) -> Order:
        if not hasattr(self, "_order"):
            self._order = selectors.order_get(store=self.store, order_id=self.kwargs["pk"])
        return self._order

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.order()
        offers = _offers(order)
        for name, (action, offer, form_class, needs_order) in FORMS.items():
            if not (self.may(action) and offers[offer]):
                continue
            extra = {"order": order} if needs_order else {}
            context[name] = kwargs.get(name) or form_class(prefix=name.removesuffix("_form"), **extra)
        waiting_returns = [ret for ret in order.returns.all() if ret.status == Return.Status.REQUESTED]
        context.update(
            order=order,
            offers=offers,
            open_form=kwargs.get("open_form", ""),
            lines=list(order.lines.all()),
            events=list(order.events.all()),
            shipments_waiting=[f for f in order.fulfilments.all() if f.status == Fulfilment.Status.FULFILLED],
            waiting_returns=waiting_returns,
            decision_form=ReturnDecisionForm(prefix="decision", initial={"restock": True}),
            delivered=order.fulfilment_status == FulfilmentStatus.DELIVERED,
            # what other modules add to this page (the marketplace's Letzshop units, ...)
            panels=registry.panels(
                "orders.order_detail", self.request, self.store, order, self.store.merchant.enabled_modules
            ),
        )
        return context


class OrderActionView(OrderDetailView):
    """POST one action's form; on a refusal the order page comes back with the form and its errors."""

    abstract = True
    http_method_names = ["post"]
    form_class = None
    form_name = ""  # the name of the page's form (its prefix + "_form")
    needs_order = False

    def make_form(self, data):
        extra = {"order": self.order()} if self.needs_order else {}
        prefix = self.form_name.removesuffix("_form") if self.form_name else None
        return self.form_class(data, prefix=prefix, **extra)

    def post(self, request, pk, **kwargs):
        self.order()  # 404 for an order of another store
        form = self.make_form(request.POST)
        status = 400
        if form.is_valid():
            try:
                message = self.act(form.cleaned_data, form)
            except ApplicationError as error:
                status = 409 if error.code == OrdersErrorCode.ORDER_STATE else error.status_code
                if error.fields and self.form_name:
                    add_error_to_form(form, error)
                else:
                    messages.error(request, error.message)
            else:
                messages.success(request, message)
                return self.redirect("detail", pk=pk)
        if hasattr(self, "_order"):
            del self._order  # show the order as it is now
        context = self.get_context_data(**({self.form_name: form} if self.form_name else {}), open_form=self.form_name)
        return self.render_to_response(context, status=status)

    def act(self, data, form) -> str:
        raise NotImplementedError


class OrderConfirmView(OrderActionView):
    actions = {"POST": Action.CONFIRM}
    form_class = forms.Form  # confirming takes no input

    def act(self, data, form):
        order = services.order_confirm(store=self.store, order_id=self.order().pk, actor=self.request.user)
        return _("Order %(number)s confirmed.") % {"number": order.number}


class OrderCancelView(OrderActionView):
    actions = {"POST": Action.CANCEL}
    form_class, form_name = CancelForm, "cancel_form"

    def act(self, data, form):
        order = services.order_cancel(
            store=self.store,
            order_id=self.order().pk,
            actor=self.request.user,
            refund=data["refund"],
            reason=data["reason"],
        )
        return _("Order %(number)s cancelled; its stock is back on sale.") % {"number": order.number}


class OrderFulfilView(OrderActionView):
    actions = {"POST": Action.FULFIL}
    form_class, form_name, needs_order = FulfilForm, "fulfil_form", True

    def act(self, data, form):
        fulfilment = services.fulfilment_create(
            store=self.store,
            order_id=self.order().pk,
            actor=self.request.user,
            lines=form.requests(),
            carrier=data["carrier"],
            tracking_number=data["tracking_number"],
            tracking_url=data["tracking_url"],
            notify_customer=data["notify_customer"],
        )
        units = sum(line.quantity for line in fulfilment.lines.all())
        return ngettext("%(units)d item marked fulfilled.", "%(units)d items marked fulfilled.", units) % {
            "units": units
        }


class OrderDeliverView(OrderActionView):
    actions = {"POST": Action.FULFIL}
    form_class = DeliverForm

    def act(self, data, form):
        services.fulfilment_deliver(
            store=self.store, order_id=self.order().pk, fulfilment_id=data["fulfilment_id"], actor=self.request.user
        )
        return _("Shipment marked delivered.")


class OrderPaymentView(OrderActionView):
    actions = {"POST": Action.PAYMENT_RECORD}
    form_class, form_name, needs_order = PaymentForm, "payment_form", True

    def act(self, data, form):
        payment = services.payment_record(
            store=self.store,
            order_id=self.order().pk,
            amount=data["amount"],
            method=data["method"],
            note=data["note"],
            actor=self.request.user,
        )
        return _("Payment of %(amount)s EUR recorded.") % {"amount": payment.amount}


class OrderRefundView(OrderActionView):
    actions = {"POST": Action.REFUND}
    form_class, form_name, needs_order = RefundForm, "refund_form", True

    def act(self, data, form):
        refunds = services.refund_create(
            store=self.store,
            order_id=self.order().pk,
            actor=self.request.user,
            amount=data["amount"],
            lines=form.requests(),
            shipping_amount=data["shipping_amount"],
            reason=data["reason"],
        )
        total = sum(refund.amount for refund in refunds)
        return _("%(amount)s EUR refunded.") % {"amount": total}


class OrderReturnView(OrderActionView):
    actions = {"POST": Action.RETURN}
    form_class, form_name, needs_order = ReturnForm, "return_form", True

    def act(self, data, form):
        services.return_request(
            store=self.store,
            order_id=self.order().pk,
            lines=form.requests(),
            actor=self.request.user,
            reason=data["reason"],
        )
        return _("Return recorded: receive it when the items are back.")


class OrderReturnReceiveView(OrderActionView):
    actions = {"POST": Action.RETURN}
    form_class = ReturnDecisionForm

    def make_form(self, data):
        return ReturnDecisionForm(data, prefix="decision")

    def act(self, data, form):
        if data["refund"]:
            self.require_action(Action.REFUND, message=_("Your role in this store does not allow refunds."))
        services.return_receive(
            store=self.store,
            order_id=self.order().pk,
            return_id=data["return_id"],
            actor=self.request.user,
            restock=data["restock"],
            refund=data["refund"],
        )
        return _("Return received.")


class OrderReturnRejectView(OrderReturnReceiveView):
    def act(self, data, form):
        services.return_reject(
            store=self.store,
            order_id=self.order().pk,
            return_id=data["return_id"],
            actor=self.request.user,
            reason=data["reason"],
        )
        return _("Return rejected.")


class OrderNoteView(OrderActionView):
    actions = {"POST": Action.NOTE_ADD}
    form_class, form_name = NoteForm, "note_form"

    def act(self, data, form):
        services.order_note_add(store=self.store, order_id=self.order().pk, actor=self.request.user, text=data["text"])
        return _("Note added.")
