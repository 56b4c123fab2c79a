"""The customer's account on the storefront, mounted at the store domain's root as "storefront"."""

from django.urls import path

from .views.storefront import AccountView

urlpatterns = [path("account/", AccountView.as_view(), name="account")]
