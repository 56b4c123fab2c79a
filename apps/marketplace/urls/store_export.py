"""The Letzshop feed page under /store/<code>/marketplace/feed/."""

from django.urls import path

from ..views.store import export

urlpatterns = [
    path("feed/", export.FeedView.as_view(), name="feed"),
    path("feed/rotate/", export.FeedRotateView.as_view(), name="feed_rotate"),
]
