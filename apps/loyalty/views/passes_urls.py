"""Wallet passes on the store's domain (namespace "storefront")."""

from django.urls import path

from .passes import ApplePassView, GooglePassView, PassLogoView

urlpatterns = [
    path("loyalty/card/<str:number>/<str:token>.pkpass", ApplePassView.as_view(), name="loyalty_pass_apple"),
    path("loyalty/card/<str:number>/<str:token>/google", GooglePassView.as_view(), name="loyalty_pass_google"),
    path("loyalty/pass-logo.png", PassLogoView.as_view(), name="loyalty_pass_logo"),
]
