"""The customer's loyalty pages on the store's domain (namespace "storefront")."""

from django.urls import path

from . import customer

urlpatterns = [
    path("loyalty/join/", customer.JoinView.as_view(), name="loyalty_join"),
    path("loyalty/join/success/", customer.JoinSuccessView.as_view(), name="loyalty_join_success"),
    path("account/loyalty/", customer.AccountLoyaltyView.as_view(), name="loyalty_account"),
    path("account/loyalty/history/", customer.AccountHistoryView.as_view(), name="loyalty_history"),
]
