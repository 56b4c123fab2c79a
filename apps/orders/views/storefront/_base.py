"""What the cart, checkout and account pages share: the visitor's customer record and cart."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views import View

from apps.accounts.access import StorefrontPageView
from apps.core.errors import ApplicationError, NotFound

from ... import selectors, services


class ShopView(StorefrontPageView, View):
    """A page of the orders module on the storefront; `self.cart` is the visitor's open cart or None."""

    abstract = True
    module = "orders"

    def prepare(self, request) -> None:
        self.customer = selectors.customer_of(user=request.user)
        token = request.session.get(selectors.CART_SESSION_KEY, "")
        self.cart = selectors.cart_find(store=self.store, token=token, customer=self.customer)

    def cart_for_write(self):
        """The visitor's cart, made when there is none (a guest's is remembered in the session)."""
        if self.cart is not None:
            return self.cart
        user = self.request.user
        if user.is_authenticated:
            if self.customer is None:
                self.customer = services.customer_for_checkout(store=self.store, email=user.email, user=user)
            self.cart = services.cart_create(store=self.store, customer=self.customer)
        else:
            session = self.request.session
            if session.session_key is None:
                session.save()
            self.cart = services.cart_create(store=self.store, session_key=session.session_key)
            session[selectors.CART_SESSION_KEY] = self.cart.token
        return self.cart

    def cart_view(self):
        return selectors.cart_view(store=self.store, cart=self.cart, customer=self.customer)

    def refused(self, error: ApplicationError, to: str, *args):
        """A service said no: its message, back to the page (a foreign object is simply not found)."""
        if isinstance(error, NotFound):
            raise Http404(error.message)
        messages.error(self.request, error.message)
        return redirect(to, *args)
