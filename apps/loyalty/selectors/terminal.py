"""What the till terminal reads: a card with what it can take now and its latest transactions.

A card belongs to the merchant, not to one store: any store of the merchant finds it (the schema
holds only this merchant's cards, so another merchant's card is simply not found). Whether its
rewards may be redeemed in the asking store is the platform's cross-store policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apps.core.errors import NotFound

from .. import services
from ..errors import LoyaltyErrorCode
from ..models import Card, Program, Reward, StaffPin, Transaction
from ..services import Rules
from .backoffice import card_get

RECENT = 10


@dataclass(frozen=True)
class CardView:
    """A card as the terminal shows it, for one store."""

    card: Card
    program: Program
    rewards: list[dict[str, Any]]
    recent: list[Transaction]
    redeemable_here: bool


def card_resolve(*, store: Any, card_id: Any = None, number: Any = None, qr: Any = None) -> Card:
    """The card a terminal call names by its id, its typed number or its scanned QR payload."""
    if card_id not in (None, ""):
        return card_get(store=store, card_id=card_id)
    if qr not in (None, "") or number not in (None, ""):
        return services.card_find(number=number, qr=qr)
    raise NotFound(_("Scan the card or type its number."), code=LoyaltyErrorCode.CARD_NOT_FOUND)


def transactions_of(*, card: Card) -> QuerySet[Transaction]:
    """The card's ledger, newest first, in every store of the merchant."""
    return (
        Transaction.objects.filter(card_id=card.pk).select_related("store", "voided_by").order_by("-created_at", "-id")
    )


def rewards_for(*, card: Card, program: Program) -> list[dict[str, Any]]:
    """Every reward of the programme and whether the card can take it now."""
    rewards: list[dict[str, Any]] = []
    if program.has_stamps:
        rewards.append(
            {
                "kind": "stamps",
                "id": None,
                "name": program.stamps_reward or _("Stamp reward"),
                "cost": program.stamps_target,
                "available": card.stamps_balance >= program.stamps_target,
            }
        )
    if program.has_points:
        for reward in Reward.objects.filter(is_active=True).order_by("points_cost", "id"):
            rewards.append(
                {
                    "kind": "points",
                    "id": reward.pk,
                    "name": reward.name,
                    "cost": reward.points_cost,
                    "available": card.points_balance >= max(reward.points_cost, program.min_redemption_points),
                }
            )
    return rewards


def card_view(*, store: Any, card: Card, rules: Rules) -> CardView:
    if card.enrolled_store_id == store.id:
        card.enrolled_store = store  # the asking store: no query for its name
    return CardView(
        card=card,
        program=rules.program,
        rewards=rewards_for(card=card, program=rules.program),
        recent=list(transactions_of(card=card)[:RECENT]),
        redeemable_here=rules.policy.cross_store_redemption or card.enrolled_store_id == store.id,
    )


def staff_of(*, store: Any) -> QuerySet[StaffPin]:
    """The store's active staff PINs (never their hashes: callers pick the fields)."""
    return StaffPin.objects.filter(store_id=store.id, is_active=True).order_by("name", "id")
