"""The platform's own site: home, merchant signup."""

from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form

from ..forms import MerchantSignupForm
from ..routing import platform_hosts, resolve_host, store_base_url
from ..services import merchant_signup


class HomeView(TemplateView):
    template_name = "public/home.html"


class PricingView(TemplateView):
    template_name = "public/pricing.html"


class SignupView(FormView):
    template_name = "public/signup.html"
    form_class = MerchantSignupForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            merchant, store, owner, token = merchant_signup(
                company=data["company"],
                store_name=data["store_name"],
                store_code=data["store_code"],
                owner_name=data["owner_name"],
                email=data["email"],
                password=data["password"],
                language=data["language"],
                ip_address=self.request.META.get("REMOTE_ADDR"),
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
            return self.form_invalid(form)
        return redirect(f"{store_base_url(store, self.request)}/store/{store.code}/welcome/{token}/")


def tls_ask(request):
    """For a TLS proxy that issues certificates on demand (Caddy's `ask`): 200 for a host the
    platform serves (its own domains, every active store or merchant domain), 404 otherwise, so
    nobody can make the proxy request certificates for names that are not ours."""
    host = (request.GET.get("domain") or "").strip().lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if host and (host in platform_hosts() or resolve_host(host) is not None):
        return HttpResponse("ok", content_type="text/plain")
    return HttpResponseNotFound("unknown", content_type="text/plain")
