"""The cart page, adding to the cart (from the product page, with or without htmx), changing and
removing lines, the discount code and the mini-cart in the header."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError

from ... import services
from ._base import ShopView
from .forms import AddToCartForm, DiscountForm, QuantityForm


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


class CartPageView(ShopView):
    def get(self, request):
        view = self.cart_view()
        return render(
            request,
            "orders/storefront/cart.html",
            {"view": view, "discount_form": DiscountForm(initial={"code": view.discount_code})},
        )


class MiniCartView(ShopView):
    def get(self, request):
        return render(request, "orders/storefront/_mini_cart.html", {"view": self.cart_view()})


class CartAddView(ShopView):
    def post(self, request):
        form = AddToCartForm(request.POST)
        if not form.is_valid():
            message = next(iter(form.errors.values()))[0]
            return self._answer(request, ok=False, message=message)
        try:
            services.cart_line_add(
                store=self.store,
                cart=self.cart_for_write(),
                variant_id=form.cleaned_data["variant"],
                quantity=form.cleaned_data["quantity"],
            )
        except ApplicationError as error:
            if not _is_htmx(request):
                return self.refused(error, "shop:cart")
            return self._answer(request, ok=False, message=error.message)
        return self._answer(request, ok=True, message=_("Added to your cart."))

    def _answer(self, request, *, ok: bool, message: str) -> HttpResponse:
        if _is_htmx(request):
            context = {"view": self.cart_view(), "ok": ok, "message": message}
            return render(request, "orders/storefront/_added.html", context)
        (messages.success if ok else messages.error)(request, message)
        return redirect("shop:cart")


class CartLineView(ShopView):
    def post(self, request, line_id: int):
        if self.cart is None:
            return redirect("shop:cart")
        try:
            if "remove" in request.POST:
                services.cart_line_remove(store=self.store, cart=self.cart, line_id=line_id)
                messages.success(request, _("Removed from your cart."))
            else:
                form = QuantityForm(request.POST)
                if not form.is_valid():
                    messages.error(request, next(iter(form.errors.values()))[0])
                    return redirect("shop:cart")
                services.cart_line_set(
                    store=self.store, cart=self.cart, line_id=line_id, quantity=form.cleaned_data["quantity"]
                )
                messages.success(request, _("Your cart was updated."))
        except ApplicationError as error:
            return self.refused(error, "shop:cart")
        return redirect("shop:cart")


class CartAcceptView(ShopView):
    """The customer has seen the changed prices."""

    def post(self, request):
        if self.cart is not None:
            services.cart_prices_accept(store=self.store, cart=self.cart)
        return redirect("shop:cart")


class CartDiscountView(ShopView):
    def post(self, request):
        # which page the form is on (a choice of two, never an address)
        target = "shop:checkout" if request.POST.get("from_page") == "checkout" else "shop:cart"
        if self.cart is None:
            return redirect(target)
        try:
            if "remove" in request.POST:
                services.cart_discount_remove(store=self.store, cart=self.cart)
                messages.success(request, _("The discount code was removed."))
                return redirect(target)
            form = DiscountForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Enter a discount code."))
                return redirect(target)
            code = services.cart_discount_apply(
                store=self.store, cart=self.cart, code=form.cleaned_data["code"], customer=self.customer
            )
        except ApplicationError as error:
            return self.refused(error, target)
        messages.success(request, _("Discount code %(code)s applied.") % {"code": code.code})
        return redirect(target)
