"""Checkout on one page: contact and addresses, shipping method, payment method, then the review
with "Place order". Every step is saved on the cart by the checkout services; the confirmation page
is reached by a signed address only the buyer has."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form
from apps.core.numbers import NotANumber, parse_decimal, parse_integer

from ... import selectors, services
from ...confirmation import card_return_urls, done_order_id, done_token
from ...errors import OrdersErrorCode
from ...models.settings import PaymentMethod
from ...payment_methods import checkout_settings_get
from ...services import card_retry
from ...services.card_retry import card_awaiting
from ._base import ShopView
from .forms import AddressForm, BillingChoiceForm, ContactForm, DiscountForm, field_map

BACK_TO_CART = {
    OrdersErrorCode.OUT_OF_STOCK,
    OrdersErrorCode.PRICE_CHANGED,
    OrdersErrorCode.VARIANT_UNAVAILABLE,
    OrdersErrorCode.CART_EMPTY,
    OrdersErrorCode.CART_TOO_LARGE,
    OrdersErrorCode.QUANTITY_INVALID,
}


def _expected_prices(values: list[str]) -> dict[int, Decimal]:
    """The prices the review showed, sent back as "variant:price"."""
    prices = {}
    for value in values[:200]:
        variant, _sep, price = value.partition(":")
        try:
            prices[parse_integer(variant)] = parse_decimal(price)
        except NotANumber:
            continue
    return prices


class CheckoutView(ShopView):
    def get(self, request):
        view = self.cart_view()
        if view.is_empty:
            messages.info(request, _("Your cart is empty."))
            return redirect("shop:cart")
        if request.user.is_authenticated:
            services.checkout_prefill(store=self.store, cart=self.cart, email=request.user.email)
        return self._render(request, view)

    def _forms(self, data=None) -> dict:
        cart = self.cart
        allowed = selectors.shipping_countries(store=self.store)
        billing_same = not cart.billing_address
        return {
            "contact_form": ContactForm(data, initial={"email": cart.email, "note": cart.note}),
            "shipping_form": AddressForm(data, prefix="shipping", allowed=allowed, initial=cart.shipping_address),
            "billing_choice": BillingChoiceForm(data, initial={"billing_same": billing_same}),
            "billing_form": AddressForm(data, prefix="billing", initial=cart.billing_address),
        }

    def _render(self, request, view, forms=None, status=200):
        cart = view.cart
        payment = selectors.checkout_payment_options(store=self.store, view=view, customer=self.customer)
        ready = bool(view.orderable and cart.email and cart.shipping_address and view.shipping and cart.payment_method)
        context = {
            "view": view,
            "cart": cart,
            "payment_options": payment,
            "ready": ready,
            "discount_form": DiscountForm(initial={"code": view.discount_code}),
            **(forms or self._forms()),
        }
        return render(request, "orders/storefront/checkout.html", context, status=status)

    def post(self, request):
        if self.cart is None:
            return redirect("shop:cart")
        step = request.POST.get("step", "")
        handler = {"details": self._details, "shipping": self._shipping, "payment": self._payment}.get(step)
        if step == "place":
            return self._place(request)
        if handler is None:
            return redirect("shop:checkout")
        return handler(request)

    def _details(self, request):
        forms = self._forms(request.POST)
        same = forms["billing_choice"].is_valid() and forms["billing_choice"].cleaned_data["billing_same"]
        checked = [forms["contact_form"], forms["shipping_form"]] + ([] if same else [forms["billing_form"]])
        if not all([form.is_valid() for form in checked]):
            return self._render(request, self.cart_view(), forms, status=400)
        data = services.CheckoutInput(
            email=forms["contact_form"].cleaned_data["email"],
            note=forms["contact_form"].cleaned_data["note"],
            shipping_address=forms["shipping_form"].cleaned_data,
            billing_address={} if same else forms["billing_form"].cleaned_data,
        )
        try:
            services.checkout_update(store=self.store, cart=self.cart, data=data, customer=self.customer)
        except ApplicationError as error:
            add_error_to_form(forms["contact_form"], error)
            add_error_to_form(forms["shipping_form"], error, field_map=field_map("shipping_address"))
            add_error_to_form(forms["billing_form"], error, field_map=field_map("billing_address"))
            return self._render(request, self.cart_view(), forms, status=400)
        return redirect(reverse("shop:checkout") + "#shipping-method")

    def _step(self, request, data, anchor: str):
        try:
            services.checkout_update(store=self.store, cart=self.cart, data=data, customer=self.customer)
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect(reverse("shop:checkout") + anchor)

    def _shipping(self, request):
        data = services.CheckoutInput(shipping_method_id=request.POST.get("shipping_method", ""))
        return self._step(request, data, "#payment")

    def _payment(self, request):
        data = services.CheckoutInput(payment_method=request.POST.get("payment_method", ""))
        return self._step(request, data, "#review")

    def _place(self, request):
        try:
            result = services.checkout_complete(
                store=self.store,
                cart=self.cart,
                user=request.user,
                customer=self.customer,
                expected_prices=_expected_prices(request.POST.getlist("price")),
                card_urls=partial(card_return_urls, request),
            )
        except ApplicationError as error:
            return self.refused(error, "shop:cart" if error.code in BACK_TO_CART else "shop:checkout")
        request.session.pop(selectors.CART_SESSION_KEY, None)
        if result.redirect_url:
            return redirect(result.redirect_url)
        return redirect("shop:checkout_done", done_token(result.order))


class CheckoutDoneView(ShopView):
    def get(self, request, token: str):
        order_id = done_order_id(token, store_id=self.store.id)
        order = selectors.checkout_order(store=self.store, order_id=order_id) if order_id else None
        if order is None:
            raise Http404
        bank = None
        if order.payment_method == PaymentMethod.BANK_TRANSFER:
            bank = checkout_settings_get(store=self.store)
        context = {
            "order": order,
            "bank": bank,
            "token": token,
            "card_waiting": card_awaiting(order),
            "card_cancelled": request.GET.get("card") == "cancelled",
        }
        return render(request, "orders/storefront/done.html", context)


class CheckoutCardView(ShopView):
    """The buyer left Stripe's page without paying: pay again, or change the order (it is
    cancelled and its products go back into the cart)."""

    def post(self, request, token: str, choice: str):
        order_id = done_order_id(token, store_id=self.store.id)
        if order_id is None:
            raise Http404
        try:
            if choice == "pay":
                return redirect(
                    card_retry.card_payment_retry(
                        store=self.store, order_id=order_id, card_urls=partial(card_return_urls, request)
                    )
                )
            skipped = card_retry.card_payment_abandon(store=self.store, order_id=order_id, cart=self.cart_for_write())
        except ApplicationError as error:
            return self.refused(error, "shop:checkout_done", token)
        for item in skipped:
            messages.warning(request, _("%(title)s: %(reason)s.") % {"title": item.title, "reason": item.reason})
        messages.success(request, _("Your order was cancelled and its products are back in your cart."))
        return redirect("shop:cart")
