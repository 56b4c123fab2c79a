"""Reads of the programme's settings pages and API: the merchant's programme with its rewards and
tiers (one per merchant schema, the same from every store), and one store's staff PINs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..models import Program, Reward, StaffPin, Tier


def program_get() -> Program | None:
    return Program.objects.filter(key=1).first()


def rewards_list(*, active_only: bool = False) -> QuerySet[Reward]:
    qs = Reward.objects.order_by("-is_active", "points_cost", "id")
    return qs.filter(is_active=True) if active_only else qs


def tiers_list() -> QuerySet[Tier]:
    return Tier.objects.order_by("threshold", "id")


def pins_list(*, store: Any) -> QuerySet[StaffPin]:
    """The store's active staff PINs (revoked ones stay in the table, hidden)."""
    return StaffPin.objects.filter(store_id=store.id, is_active=True).order_by("name", "id")
