"""The customer's orders on the storefront: history, an order's page with its status and
tracking, asking for a return and ordering again."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.numbers import NotANumber, parse_integer

from ... import selectors, services
from ._base import ShopView

PAGE_SIZE = 20


class AccountView(ShopView):
    abstract = True
    login_required = True

    def order(self, number: str):
        order = selectors.customer_order(store=self.store, customer=self.customer, number=number)
        if order is None:
            raise Http404
        return order


class OrderListView(AccountView):
    def get(self, request):
        orders = selectors.customer_orders(store=self.store, customer=self.customer)
        page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "orders/storefront/account_orders.html", {"page": page})


def _returnable(order) -> list[tuple]:
    """(line, units that may still be asked back) of the order's fulfilled lines."""
    waiting = {}
    for ret in order.returns.all():
        if ret.status == ret.Status.REQUESTED:
            for rl in ret.lines.all():
                waiting[rl.order_line_id] = waiting.get(rl.order_line_id, 0) + rl.quantity
    rows = []
    for line in order.lines.all():
        left = line.quantity_fulfilled - line.quantity_returned - waiting.get(line.pk, 0)
        if left > 0:
            rows.append((line, left))
    return rows


class OrderDetailView(AccountView):
    def get(self, request, number: str):
        order = self.order(number)
        context = {"order": order, "returnable": _returnable(order), "fulfilments": list(order.fulfilments.all())}
        return render(request, "orders/storefront/account_order.html", context)


class OrderReturnView(AccountView):
    def post(self, request, number: str):
        order = self.order(number)
        wanted = []
        for line, _left in _returnable(order):
            try:
                quantity = parse_integer(request.POST.get(f"quantity_{line.pk}", "") or "0")
            except NotANumber:
                quantity = -1
            if quantity:
                wanted.append(services.ReturnLineRequest(order_line_id=line.pk, quantity=quantity))
        try:
            services.return_request(
                store=self.store,
                order_id=order.pk,
                lines=wanted,
                actor=request.user,
                reason=request.POST.get("reason", "")[:300],
                by_customer=True,
            )
        except ApplicationError as error:
            return self.refused(error, "shop:account_order", order.number)
        messages.success(request, _("Your return request was sent. The shop will tell you how to send the items."))
        return redirect("shop:account_order", order.number)


class OrderReorderView(AccountView):
    def post(self, request, number: str):
        order = self.order(number)
        try:
            skipped = services.cart_reorder(store=self.store, cart=self.cart_for_write(), order=order)
        except ApplicationError as error:
            return self.refused(error, "shop:account_order", order.number)
        for item in skipped:
            messages.warning(
                request, _("%(title)s: %(reason)s.") % {"title": item.title or _("A product"), "reason": item.reason}
            )
        messages.success(request, _("The order's products that are available were put into your cart."))
        return redirect("shop:cart")
