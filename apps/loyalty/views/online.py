"""The storefront's "spend a reward online": a signed-in customer turns a reward (or the stamp
reward) into a single-use discount code on their cart (services.online.reward_use_online)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import formats
from django.utils.translation import gettext as _
from django.views import View

from apps.accounts.access import StorefrontPageView
from apps.core.errors import ApplicationError
from apps.core.ratelimit import client_ip
from apps.orders import selectors as orders_selectors

from ..services.online import reward_use_online

CART = "shop:cart"


class RewardUseView(StorefrontPageView, View):
    """POST reward_id=<id> (a points reward) or stamps=1 (the stamp reward); back to the cart
    with a message saying what happened."""

    module = "loyalty"
    login_required = True
    http_method_names = ["post"]

    def post(self, request):
        customer = orders_selectors.customer_of(user=request.user)
        try:
            discount = reward_use_online(
                store=self.store,
                customer=customer,
                reward_id=request.POST.get("reward_id", ""),
                stamps=request.POST.get("stamps") == "1",
                user=request.user,
                ip_address=client_ip(request) or None,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(CART)
        messages.success(
            request,
            _("Your reward is now the discount code %(code)s, worth %(value)s EUR, for one order.")
            % {"code": discount.code, "value": formats.number_format(discount.value, 2)},
        )
        return redirect(CART)
