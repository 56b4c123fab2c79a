from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django import forms
from django.db import connection

from apps.core.redirects import url_is_safe

from . import login_limits
from .mail import StoreMailAdapterMixin


class AccountAdapter(StoreMailAdapterMixin, DefaultAccountAdapter):
    """Sign-up rules and redirects here; the look of every e-mail in StoreMailAdapterMixin."""

    def is_open_for_signup(self, request):
        """Customers sign up on a store's domain. On the platform domain accounts are platform
        staff, created by an admin; merchants sign up through the merchant signup page. A store
        that is not open yet (its owner has not confirmed their e-mail address) takes no customers."""
        merchant = getattr(request, "merchant", None)
        return connection.schema_name != "public" and (merchant is None or merchant.is_confirmed)

    def get_login_redirect_url(self, request):
        if connection.schema_name == "public" and request.user.is_staff:
            return "/admin/"
        return super().get_login_redirect_url(request)

    def is_safe_url(self, url):
        """Every `next` allauth follows (sign-in, sign-up, sign-out, e-mail confirmation ...) is
        checked by the platform's one rule (apps.core.redirects): a page of the host the request
        came to. allauth's own check would also accept hosts named in ALLOWED_HOSTS and
        CSRF_TRUSTED_ORIGINS, and http from an https page."""
        request = context.request
        return request is not None and url_is_safe(request, url)

    def authenticate(self, request, **credentials):
        """allauth's password check (sign-in, re-authentication) under the platform's sign-in
        limits: a refused client is told so, and roughly when to try again."""
        user = super().authenticate(request, **credentials)
        refusal = login_limits.refusal(request)
        if user is None and refusal is not None:
            raise forms.ValidationError(refusal.message, code="too_many_login_attempts")
        return user
