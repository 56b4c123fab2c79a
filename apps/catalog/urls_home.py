"""The storefront's home page, which the catalog renders: "storefront:home" at the domain's root."""

from django.urls import path

from .views.storefront import HomeView

urlpatterns = [path("", HomeView.as_view(), name="home")]
