"""Query parameters of the store API's order list. Values that do not parse (status=bogus,
placed_from=yesterday, total_min=x) are a 400 naming the parameter, never a 500.

Search and the statuses, channel and dates are applied by selectors.order_list (the dates in the
store's time zone); they are declared here so they are validated and documented with the rest."""

from __future__ import annotations

import django_filters

from apps.core.api.filters import DecimalFilter, IntegerFilter

from ..models import Order
from ..models.orders import Channel, FulfilmentStatus, OrderStatus, PaymentStatus
from .orders_serializers import MAX_AMOUNT

BY_SELECTOR = {"method": "applied_by_selector"}


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        max_length=200, help_text="Order number (or its start, or the plain number), name or e-mail.", **BY_SELECTOR
    )
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, **BY_SELECTOR)
    payment_status = django_filters.ChoiceFilter(choices=PaymentStatus.choices, **BY_SELECTOR)
    fulfilment_status = django_filters.ChoiceFilter(choices=FulfilmentStatus.choices, **BY_SELECTOR)
    channel = django_filters.ChoiceFilter(choices=Channel.choices, **BY_SELECTOR)
    placed_from = django_filters.DateFilter(help_text="First day (YYYY-MM-DD, store's time zone).", **BY_SELECTOR)
    placed_to = django_filters.DateFilter(help_text="Last day, included.", **BY_SELECTOR)
    customer = IntegerFilter(field_name="customer_id", min_value=1, help_text="Customer id.")
    total_min = DecimalFilter(field_name="total", lookup_expr="gte", min_value=0, max_value=MAX_AMOUNT)
    total_max = DecimalFilter(field_name="total", lookup_expr="lte", min_value=0, max_value=MAX_AMOUNT)

    class Meta:
        model = Order
        fields = ["q", "status", "payment_status", "fulfilment_status", "channel", "customer"]

    def applied_by_selector(self, queryset, _name, _value):
        return queryset

    def selector_filters(self) -> dict:
        """What selectors.order_list applies, from the valid parameters."""
        if not self.is_valid():
            return {}
        data = self.form.cleaned_data
        names = {"placed_from": "date_from", "placed_to": "date_to"}
        keys = ("q", "status", "payment_status", "fulfilment_status", "channel", "placed_from", "placed_to")
        return {names.get(key, key): data[key] for key in keys if data.get(key)}
