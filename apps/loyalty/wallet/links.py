"""The wallet buttons' addresses for a card, for the pages that offer the passes:

    pass_links(card, request) -> {"apple": url | None, "google": url | None}

None for a wallet that is not configured (hide its button). Both links carry the card's pass
token, so only someone who was given them can fetch the pass."""

from __future__ import annotations

from django.urls import reverse

from apps.loyalty.models import Card

from .config import apple_enabled, google_enabled


def pass_links(card: Card, request) -> dict[str, str | None]:
    kwargs = {"number": card.number, "token": card.pass_token}
    apple = google = None
    if apple_enabled():
        apple = request.build_absolute_uri(reverse("storefront:loyalty_pass_apple", kwargs=kwargs))
    if google_enabled():
        google = request.build_absolute_uri(reverse("storefront:loyalty_pass_google", kwargs=kwargs))
    return {"apple": apple, "google": google}
