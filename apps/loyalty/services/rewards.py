"""The programme's rewards (what points buy) and tiers (levels reached by what a card earned in
twelve months). Both belong to the merchant's programme: none exist before it is created. A
reward is deactivated, never deleted (the ledger names it); a tier may be deleted (cards on it
fall back to no tier at the next nightly recalculation)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import NotFound, ValidationFailed

from ..errors import LoyaltyErrorCode
from ..models import Reward, Tier
from .policy import program_required
from .program import program_changed_announce

REWARD_FIELDS = ("name", "description", "points_cost", "online_value", "position")
REWARD_BOUNDS = {"points_cost": (1, 10_000_000), "online_value": (Decimal("0"), Decimal("100000"))}
TIER_FIELDS = ("name", "threshold", "multiplier")
TIER_BOUNDS = {"threshold": (0, 100_000_000), "multiplier": (Decimal("1"), Decimal("10"))}


def _check(row: Any, bounds: dict[str, tuple[Any, Any]]) -> None:
    errors: dict[str, list[str]] = {}
    try:
        row.clean_fields()
    except DjangoValidationError as error:
        errors.update({name: [str(m) for m in messages] for name, messages in error.message_dict.items()})
    for name, (low, high) in bounds.items():
        value = getattr(row, name)
        if name not in errors and value is not None and not low <= value <= high:
            errors[name] = [_("Enter a value from %(low)s to %(high)s.") % {"low": low, "high": high}]
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), fields=errors)
    row.name = row.name.strip()


def _apply(row: Any, data: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    if not isinstance(data, dict):
        raise ValidationFailed(_("Send the fields to change."))
    changed = []
    for name in fields:
        if name in data and getattr(row, name) != data[name]:
            setattr(row, name, data[name])
            changed.append(name)
    return changed


def _id(value: Any) -> int | None:
    text = str(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 18 else None


def _reward(reward_id: Any) -> Reward:
    row = Reward.objects.select_for_update().filter(pk=_id(reward_id)).first() if _id(reward_id) else None
    if row is None:
        raise NotFound(_("No such reward."), code=LoyaltyErrorCode.REWARD_NOT_FOUND)
    return row


def _tier(tier_id: Any) -> Tier:
    row = Tier.objects.select_for_update().filter(pk=_id(tier_id)).first() if _id(tier_id) else None
    if row is None:
        raise NotFound(_("No such tier."))
    return row


def _done(*, store: Any, actor: Any, action: str, row: Any, data: dict | None = None) -> None:
    audit_record(actor=actor, action=action, target=row.name, store=store, data=data)
    program_changed_announce(merchant_id=store.merchant_id)


@transaction.atomic
def reward_create(*, store: Any, actor: Any, data: dict[str, Any]) -> Reward:
    program_required(active=False)
    row = Reward()
    _apply(row, data, REWARD_FIELDS)
    _check(row, REWARD_BOUNDS)
    row.save()
    _done(store=store, actor=actor, action="loyalty.reward_created", row=row, data={"points_cost": row.points_cost})
    return row


@transaction.atomic
def reward_update(*, store: Any, actor: Any, reward_id: Any, data: dict[str, Any]) -> Reward:
    row = _reward(reward_id)
    changed = _apply(row, data, (*REWARD_FIELDS, "is_active"))
    _check(row, REWARD_BOUNDS)
    if changed:
        row.save(update_fields=[*changed, "updated_at"])
        _done(store=store, actor=actor, action="loyalty.reward_updated", row=row, data={"fields": changed})
    return row


@transaction.atomic
def reward_deactivate(*, store: Any, actor: Any, reward_id: Any) -> Reward:
    """Take a reward off the list: it can no longer be redeemed; past redemptions keep its name."""
    row = _reward(reward_id)
    if row.is_active:
        row.is_active = False
        row.save(update_fields=["is_active", "updated_at"])
        _done(store=store, actor=actor, action="loyalty.reward_deactivated", row=row)
    return row


def _tier_save(row: Tier, *, update_fields: list[str] | None = None) -> None:
    if Tier.objects.filter(threshold=row.threshold).exclude(pk=row.pk).exists():
        raise ValidationFailed(
            _("Another tier starts at this threshold."), fields={"threshold": [_("Each tier needs its own threshold.")]}
        )
    try:
        with transaction.atomic():
            row.save(update_fields=update_fields)
    except IntegrityError:
        raise ValidationFailed(
            _("Another tier starts at this threshold."), fields={"threshold": [_("Each tier needs its own threshold.")]}
        ) from None


@transaction.atomic
def tier_create(*, store: Any, actor: Any, data: dict[str, Any]) -> Tier:
    program_required(active=False)
    row = Tier()
    _apply(row, data, TIER_FIELDS)
    _check(row, TIER_BOUNDS)
    _tier_save(row)
    _done(store=store, actor=actor, action="loyalty.tier_created", row=row, data={"threshold": row.threshold})
    return row


@transaction.atomic
def tier_update(*, store: Any, actor: Any, tier_id: Any, data: dict[str, Any]) -> Tier:
    row = _tier(tier_id)
    changed = _apply(row, data, TIER_FIELDS)
    _check(row, TIER_BOUNDS)
    if changed:
        _tier_save(row, update_fields=[*changed, "updated_at"])
        _done(store=store, actor=actor, action="loyalty.tier_updated", row=row, data={"fields": changed})
    return row


@transaction.atomic
def tier_delete(*, store: Any, actor: Any, tier_id: Any) -> None:
    row = _tier(tier_id)
    # its cards lose the tier (SET_NULL) until the nightly recalculation places them again
    row.delete()
    _done(store=store, actor=actor, action="loyalty.tier_deleted", row=row)
