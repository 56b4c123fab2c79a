"""The setup wizard's gate: while a store's wizard is neither completed nor skipped, its back-office
pages lead to the wizard and its store API answers 403 onboarding_required. The wizard's own pages
and API (module "onboarding"), sign-out, the storefront and static files are not store pages, so
they stay reachable. One place, before any store view runs."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.translation import gettext as _

from apps.accounts.access import StoreAPIView, StorePageView
from apps.core.api.errors import error_response

from .errors import OnboardingErrorCode
from .wizard import onboarding_gate_open


def _gated_kind(view_func) -> str:
    """ "page" or "api" for a store view the gate applies to, else ""."""
    view_class = getattr(view_func, "view_class", None)
    if not isinstance(view_class, type) or getattr(view_class, "module", "") == "onboarding":
        return ""
    if issubclass(view_class, StorePageView):
        return "page"
    if issubclass(view_class, StoreAPIView):
        return "api"
    return ""


class OnboardingGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, _view_args, view_kwargs):
        merchant = getattr(request, "merchant", None)
        kind = _gated_kind(view_func) if merchant is not None else ""
        if kind == "page":
            store = getattr(request, "store", None)
            if store is None or not request.user.is_authenticated:
                return None  # the page's own access check answers
            if not onboarding_gate_open(merchant_id=merchant.id, store_code=store.code):
                return redirect("store:onboarding", code=store.code)
        elif kind == "api":
            code = str(view_kwargs.get("code", ""))
            if code and not onboarding_gate_open(merchant_id=merchant.id, store_code=code):
                message = _("Finish the store's setup wizard first.")
                return error_response(403, OnboardingErrorCode.ONBOARDING_REQUIRED, message)
        return None
