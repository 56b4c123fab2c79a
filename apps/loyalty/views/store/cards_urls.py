"""The cards and stats pages, under /store/<code>/loyalty/ (namespace store:loyalty)."""

from django.urls import path

from . import cards, stats

urlpatterns = [
    path("cards/", cards.CardListView.as_view(), name="cards"),
    path("cards/export.csv", cards.CardExportView.as_view(), name="cards_export"),
    path("cards/<int:card_id>/", cards.CardDetailView.as_view(), name="card"),
    path("cards/<int:card_id>/active/", cards.CardActiveView.as_view(), name="card_active"),
    path("stats/", stats.StatsView.as_view(), name="stats"),
]
