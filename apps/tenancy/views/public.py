"""The platform's own site: home, pricing, the TLS proxy's question."""

from django.http import HttpResponse, HttpResponseNotFound
from django.views.generic import TemplateView

from apps.core.modules import registry

from ..plans import plan_list
from ..routing import platform_hosts, resolve_host


class HomeView(TemplateView):
    """What the platform offers: the features its installed modules declare, nothing more."""

    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, features=registry.features())


class PricingView(TemplateView):
    """The plans of settings.PLATFORM_PLANS, each with the features it includes."""

    template_name = "public/pricing.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, plans=plan_list())


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
