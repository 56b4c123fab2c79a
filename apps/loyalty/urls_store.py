"""The loyalty store pages, /store/<code>/loyalty/..., namespace store:loyalty. One line per area."""

from django.urls import include, path  # noqa: F401 - used by the lines each area adds

urlpatterns: list = [
    # path("", include("apps.loyalty.views.store.<area>_urls")),
    path("", include("apps.loyalty.views.store.terminal_urls")),
    path("", include("apps.loyalty.views.store.cards_urls")),  # cards, stats
    path("", include("apps.loyalty.views.store.settings_urls")),
]
