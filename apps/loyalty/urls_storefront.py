"""Loyalty on the store's domain: the join page, the customer's card pages, pass downloads.
Namespace "storefront", names start with "loyalty_". One line per area."""

from django.urls import include, path  # noqa: F401 - used by the lines each area adds

urlpatterns: list = [
    # path("", include("apps.loyalty.views.<area>_urls")),
    path("", include("apps.loyalty.views.passes_urls")),
    path("", include("apps.loyalty.views.customer_urls")),  # join page, the customer's card
    path("", include("apps.loyalty.views.online_urls")),
]
