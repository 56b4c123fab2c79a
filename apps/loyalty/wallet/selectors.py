"""Finding a card from a pass's own credentials: its number (the pass serial) and its pass token.
Cards live in the merchant's schema, so another merchant's domain never finds them."""

from __future__ import annotations

import secrets

from apps.loyalty.models import Card


def card_by_number(*, number: str) -> Card | None:
    if not (len(number) == 12 and number.isdigit()):
        return None
    return Card.objects.select_related("customer", "tier").filter(number=number).first()


def token_matches(card: Card, token: str) -> bool:
    return secrets.compare_digest(card.pass_token.encode(), token.encode())


def card_for_pass(*, number: str, token: str) -> Card | None:
    """The card whose pass `token` is given, or None (unknown number or wrong token alike)."""
    card = card_by_number(number=number)
    return card if card is not None and token_matches(card, token) else None
