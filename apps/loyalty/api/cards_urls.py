"""The cards list and the statistics in the store API, under store/stores/<code>/loyalty/."""

from django.urls import path

from . import cards

urlpatterns = [
    path("cards/", cards.CardListView.as_view(), name="api-loyalty-cards"),
    path("stats/", cards.StatsView.as_view(), name="api-loyalty-stats"),
]
