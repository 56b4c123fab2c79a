"""The Letzshop feed's routes of the store API, under store/stores/<code>/marketplace/."""

from django.urls import path

from . import export

urlpatterns = [
    path("feed/", export.FeedView.as_view(), name="api-marketplace-feed"),
    path("feed/rotate/", export.FeedRotateView.as_view(), name="api-marketplace-feed-rotate"),
]
