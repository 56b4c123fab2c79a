"""Merchant signup on the platform's public site."""

from allauth.account.adapter import get_adapter
from django.shortcuts import redirect
from django.views.generic import FormView

from apps.core.errors import ApplicationError, Throttled
from apps.core.forms import add_error_to_form
from apps.tenancy.routing import store_base_url

from ..forms import MerchantSignupForm
from ..services import merchant_signup


class SignupView(FormView):
    template_name = "onboarding/signup.html"
    form_class = MerchantSignupForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            _merchant, store, _owner, token = merchant_signup(
                company=data["company"],
                store_name=data["store_name"],
                store_code=data["store_code"],
                owner_name=data["owner_name"],
                email=data["email"],
                password=data["password"],
                language=data["language"],
                # the client's address past TRUSTED_PROXY_COUNT proxies, as every limit reads it
                ip_address=get_adapter(self.request).get_client_ip(self.request),
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
            response = self.form_invalid(form)
            if isinstance(error, Throttled):
                response.status_code = error.status_code
            return response
        return redirect(f"{store_base_url(store, self.request)}/store/{store.code}/welcome/{token}/")
