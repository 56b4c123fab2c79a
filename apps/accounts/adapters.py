from allauth.account.adapter import DefaultAccountAdapter
from django.db import connection

from .mail import StoreMailAdapterMixin


class AccountAdapter(StoreMailAdapterMixin, DefaultAccountAdapter):
    """Sign-up rules and redirects here; the look of every e-mail in StoreMailAdapterMixin."""

    def is_open_for_signup(self, request):
        """Customers sign up on a store's domain. On the platform domain accounts are platform
        staff, created by an admin; merchants sign up through the merchant signup page."""
        return connection.schema_name != "public"

    def get_login_redirect_url(self, request):
        if connection.schema_name == "public" and request.user.is_staff:
            return "/admin/"
        return super().get_login_redirect_url(request)
