"""The forms of the order pages: the list's filters, and one form per action on an order. They
convert what was typed into the services' input shapes; the services decide what is allowed."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import PlainNumberField

from ...models import Order
from ...models.orders import Channel, FulfilmentStatus, OrderStatus, PaymentStatus
from ...models.settings import PaymentMethod
from ...services import FulfilLineRequest, RefundLineRequest, ReturnLineRequest

MAX_AMOUNT = Decimal("9999999999.99")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrderFilterForm(forms.Form):
    """The list's search and filters, read leniently: an invalid value counts as not given (and is
    marked next to its field)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Order status"), required=False)
    payment_status = forms.ChoiceField(label=_("Payment"), required=False)
    fulfilment_status = forms.ChoiceField(label=_("Fulfilment"), required=False)
    channel = forms.ChoiceField(label=_("Sales channel"), required=False)
    date_from = forms.DateField(label=_("Placed from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Placed until"), required=False, widget=DATE)

    FILTERS = ("q", "status", "payment_status", "fulfilment_status", "channel", "date_from", "date_to")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *OrderStatus.choices]
        self.fields["payment_status"].choices = [("", _("Any payment")), *PaymentStatus.choices]
        self.fields["fulfilment_status"].choices = [("", _("Any fulfilment")), *FulfilmentStatus.choices]
        self.fields["channel"].choices = [("", _("Any channel")), *Channel.choices]
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Order number, name or e-mail"))

    def filters(self) -> dict:
        """The valid filters; invalid ones count as not given."""
        if not self.is_bound:
            return {}
        self.is_valid()
        clean = getattr(self, "cleaned_data", {})
        return {name: clean[name] for name in self.FILTERS if clean.get(name)}


class CancelForm(forms.Form):
    refund = forms.BooleanField(label=_("Refund what was paid"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class PaymentForm(forms.Form):
    amount = PlainNumberField(
        label=_("Amount (EUR)"), decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_AMOUNT
    )
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, order: Order | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if order is not None and not self.is_bound:
            self.initial.setdefault("amount", f"{order.balance_due:.2f}")
            self.initial.setdefault("method", order.payment_method)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DeliverForm(forms.Form):
    fulfilment_id = PlainNumberField(min_value=1, widget=forms.HiddenInput)


class ReturnDecisionForm(forms.Form):
    return_id = PlainNumberField(min_value=1, widget=forms.HiddenInput)
    restock = forms.BooleanField(label=_("Put the items back in stock"), required=False, initial=True)
    refund = forms.BooleanField(label=_("Refund their share of what was paid"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class LinesForm(forms.Form):
    """A form with a quantity per order line ("line-<id>"), each up to what `left(line)` allows."""

    line_label = _("Quantity")

    def __init__(self, *args, order: Order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.line_fields: list[tuple[object, str]] = []
        for line in order.lines.all():
            left = self.left(line)
            if left <= 0:
                continue
            name = f"line-{line.pk}"
            self.fields[name] = PlainNumberField(
                label=f"{line.product_title} {line.variant_title}".strip(),
                required=False,
                min_value=0,
                max_value=left,
                help_text=_("up to %(left)d") % {"left": left},
            )
            self.initial.setdefault(name, self.initial_quantity(left))
            self.line_fields.append((line, name))

    def left(self, line) -> int:
        raise NotImplementedError

    def initial_quantity(self, left: int) -> int:
        return left

    def chosen(self) -> list[tuple[int, int]]:
        """(order line id, quantity) of the lines given a quantity above zero."""
        return [(line.pk, self.cleaned_data[name]) for line, name in self.line_fields if self.cleaned_data.get(name)]

    def bound_lines(self):
        return [(line, self[name]) for line, name in self.line_fields]


class FulfilForm(LinesForm):
    carrier = forms.CharField(label=_("Carrier"), required=False, max_length=60)
    tracking_number = forms.CharField(label=_("Tracking number"), required=False, max_length=100)
    tracking_url = forms.URLField(label=_("Tracking link"), required=False, max_length=500, assume_scheme="https")
    notify_customer = forms.BooleanField(label=_("Send the customer an e-mail"), required=False, initial=True)

    def left(self, line) -> int:
        return line.quantity_unfulfilled

    def clean(self):
        data = super().clean()
        if not self.errors and not self.chosen():
            raise forms.ValidationError(_("Enter how many to fulfil of at least one line."))
        return data

    def requests(self) -> list[FulfilLineRequest]:
        return [FulfilLineRequest(pk, quantity) for pk, quantity in self.chosen()]


class RefundForm(LinesForm):
    amount = PlainNumberField(
        label=_("Or an amount (EUR)"),
        required=False,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        help_text=_("Leave empty to refund the chosen lines."),
    )
    shipping_amount = PlainNumberField(
        label=_("Shipping to refund (EUR)"),
        required=False,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT,
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    def left(self, line) -> int:
        return line.quantity

    def initial_quantity(self, left: int) -> int:
        return 0

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("amount") and not self.chosen() and not data.get("shipping_amount"):
            raise forms.ValidationError(_("Choose lines to refund or enter an amount."))
        return data

    def requests(self) -> list[RefundLineRequest]:
        return [RefundLineRequest(pk, quantity) for pk, quantity in self.chosen()]


class ReturnForm(LinesForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def left(self, line) -> int:
        return line.quantity_fulfilled - line.quantity_returned

    def initial_quantity(self, left: int) -> int:
        return 0

    def clean(self):
        data = super().clean()
        if not self.errors and not self.chosen():
            raise forms.ValidationError(_("Enter how many come back of at least one line."))
        return data

    def requests(self) -> list[ReturnLineRequest]:
        return [ReturnLineRequest(pk, quantity) for pk, quantity in self.chosen()]


class BulkFulfilForm(forms.Form):
    notify_customer = forms.BooleanField(label=_("E-mail the customers"), required=False)
