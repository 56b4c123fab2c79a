from allauth.account.adapter import DefaultAccountAdapter
from django.db import connection


class AccountAdapter(DefaultAccountAdapter):
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
