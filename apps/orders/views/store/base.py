"""The base of every store page of the orders module."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.urls import reverse

from apps.accounts.access import StorePageView

from ...permissions import ActionAccess, allowed_actions


class OrdersPage(ActionAccess, StorePageView):
    """A store page of the orders module: actions per HTTP method (permissions.py), `can.<action>`
    in templates, and the module's URLs by name."""

    abstract = True
    module = "orders"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can"] = allowed_actions(self.perms)
        return context

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"store:orders:{name}", kwargs={"code": self.store.code, **kwargs})

    def redirect(self, name: str, fragment: str = "", **kwargs) -> HttpResponseRedirect:
        return HttpResponseRedirect(self.url(name, **kwargs) + (f"#{fragment}" if fragment else ""))

    def order_url(self, order) -> str:
        """The order's page: orders of the merchant's other stores have theirs there ("")."""
        return self.url("detail", pk=order.pk) if order.store_id == self.store.id else ""
