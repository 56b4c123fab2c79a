"""The loyalty API, mounted at /api/v1/ on store domains. One line per area:
- store API (POS apps, the terminal): store/stores/<code>/loyalty/...
- storefront API (the customer): storefront/loyalty/...
- public: loyalty/programs/<code>/ ; Apple's pass web service: loyalty/apple/v1/..."""

from django.urls import include, path  # noqa: F401 - used by the lines each area adds

urlpatterns: list = [
    # path("store/stores/<str:code>/loyalty/", include("apps.loyalty.api.<area>_urls")),
    path("loyalty/apple/", include("apps.loyalty.api.apple_urls")),
    path("", include("apps.loyalty.api.customer_urls")),  # storefront/loyalty/..., loyalty/programs/<code>/
    path("store/stores/<str:code>/loyalty/", include("apps.loyalty.api.terminal_urls")),
    path("store/stores/<str:code>/loyalty/", include("apps.loyalty.api.cards_urls")),  # cards list, stats
    path("store/stores/<str:code>/loyalty/", include("apps.loyalty.api.program_urls")),
    path("storefront/loyalty/", include("apps.loyalty.api.online_urls")),
]
