"""The new owner's side of signup on the store's domain: the link that confirms their e-mail
address (and opens the store) and asking for it again. Both need the owner signed in: the link is
bound to their account."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from apps.accounts.access import StorePageView
from apps.core.errors import ApplicationError

from ..services import signup_confirm, signup_confirmation_resend


class SignupConfirmView(StorePageView, View):
    module = "onboarding"
    permission = "onboarding.open"

    def get(self, request, code, token):
        try:
            signup_confirm(merchant=self.store.merchant, user=request.user, token=token)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your e-mail address is confirmed: your store is open to customers."))
        return redirect("store:dashboard", code=self.store.code)


class SignupConfirmationResendView(StorePageView, View):
    module = "onboarding"
    permission = "onboarding.open"
    http_method_names = ["post"]

    def post(self, request, code):
        try:
            signup_confirmation_resend(merchant=self.store.merchant, store=self.store, user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("We sent a new link to %(email)s.") % {"email": request.user.email})
        return redirect("store:dashboard", code=self.store.code)
