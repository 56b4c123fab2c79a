"""The marketplace's URLs on a store's domain, outside the store pages (the catalog feed Letzshop
pulls), in the `storefront` namespace."""

from django.urls import path

from .views import feed

urlpatterns: list = [
    path("feeds/letzshop/<str:token>/<str:lang>.tsv", feed.LetzshopFeedView.as_view(), name="letzshop_feed"),
    path("feeds/letzshop/<str:token>/<str:lang>.csv", feed.LetzshopFeedCsvView.as_view(), name="letzshop_feed_csv"),
]
