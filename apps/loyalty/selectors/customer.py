"""The customer's side of loyalty: what the join page, the account pages and the storefront API
read. Everything lives in the merchant's schema (one programme per merchant), so the domain the
request came in on already limits what these find."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..models import Card, Program, Reward, Transaction


def program_public() -> Program | None:
    """The merchant's programme, on or off (None when it has none)."""
    return Program.objects.filter(key=1).first()


def program_rewards(*, program: Program) -> list[Reward]:
    """The rewards the programme's points buy, cheapest first (none on a stamps programme)."""
    if not program.has_points:
        return []
    return list(Reward.objects.filter(is_active=True).order_by("points_cost", "position", "id"))


def card_of_user(*, user: Any) -> Card | None:
    """The signed-in customer's card (through their customer record), if they have one."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Card.objects.select_related("customer", "tier").filter(customer__user_id=user.pk).first()


def dangerously_card_get_by_id(*, card_id: Any) -> Card | None:
    """A card by id: for ids the server keeps itself (the session's card just enrolled, a task's
    argument), never for an id a visitor sent."""
    if not isinstance(card_id, int):
        return None
    return Card.objects.select_related("customer").filter(pk=card_id).first()


def card_transactions(*, card: Card) -> QuerySet[Transaction]:
    """The card's ledger, newest first, with the store of each entry (for its name)."""
    return card.transactions.select_related("store").order_by("-created_at", "-id")
