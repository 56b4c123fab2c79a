"""The merchant's programme: create it once, change it, switch it on and off. One programme per
merchant (its schema), managed from any of its stores; `store` says where the change was made
(for the audit log). Every change is checked field by field (a ValidationFailed whose `fields`
name each wrong field), audited, and announced with signals.program_changed after the commit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import Conflict, ValidationFailed

from .. import signals
from ..errors import LoyaltyErrorCode
from ..models import Program
from .policy import program_required

# what program_create / program_update take (is_active: program_set_active; images: program_images)
FIELDS = (
    "name",
    "terms",
    "kind",
    "stamps_target",
    "stamps_reward",
    "stamps_reward_value",
    "points_per_euro",
    "min_redemption_points",
    "points_expiry_months",
    "expiry_warning_days",
    "welcome_bonus_points",
    "welcome_bonus_stamps",
    "online_earning",
    "card_colour",
    "text_colour",
    "stamp_cooldown_minutes",
    "max_stamps_per_day",
    "pin_required",
    "pin_max_attempts",
    "pin_lockout_minutes",
    "tiers_enabled",
    "referrals_enabled",
    "referral_bonus_referrer",
    "referral_bonus_friend",
    "referral_min_order",
)

# bounds on top of the model's own validators: (lowest, highest), None for no bound
BOUNDS: dict[str, tuple[Any, Any]] = {
    "stamps_target": (1, 50),
    "stamps_reward_value": (Decimal("0"), Decimal("100000")),
    "points_per_euro": (Decimal("0"), Decimal("1000")),
    "min_redemption_points": (0, 10_000_000),
    "points_expiry_months": (1, 120),
    "expiry_warning_days": (0, 90),
    "welcome_bonus_points": (0, 100_000),
    "welcome_bonus_stamps": (0, 50),
    "stamp_cooldown_minutes": (0, 24 * 60),
    "max_stamps_per_day": (1, 100),
    "pin_max_attempts": (1, 20),
    "pin_lockout_minutes": (1, 24 * 60),
    "referral_bonus_referrer": (0, 100_000),
    "referral_bonus_friend": (0, 100_000),
    "referral_min_order": (Decimal("0"), Decimal("100000")),
}
COLOURS = ("card_colour", "text_colour")


def program_find() -> Program | None:
    """The merchant's programme, or None before it is created."""
    return Program.objects.filter(key=1).first()


def program_changed_announce(*, merchant_id: int) -> None:
    """Tell the platform (its programme directory) once the transaction has committed."""
    transaction.on_commit(lambda: signals.program_changed.send(sender=Program, merchant_id=merchant_id))


def _bounds_errors(program: Program, errors: dict[str, list[str]]) -> None:
    for name, (low, high) in BOUNDS.items():
        value = getattr(program, name)
        if name in errors or value is None or isinstance(value, bool):
            continue
        if (low is not None and value < low) or (high is not None and value > high):
            errors[name] = [_("Enter a value from %(low)s to %(high)s.") % {"low": low, "high": high}]


def _rules_errors(program: Program, errors: dict[str, list[str]]) -> None:
    if program.has_stamps and not (program.stamps_reward or "").strip() and "stamps_reward" not in errors:
        errors["stamps_reward"] = [_("Say what a full stamp card gives, e.g. a free coffee.")]
    if program.card_colour and program.card_colour.lower() == (program.text_colour or "").lower():
        errors.setdefault("text_colour", [_("The text colour must differ from the card colour.")])
    if program.referrals_enabled and not (program.referral_bonus_referrer or program.referral_bonus_friend):
        errors.setdefault("referral_bonus_friend", [_("Give the friend or the referrer a bonus.")])


def _validate(program: Program) -> None:
    errors: dict[str, list[str]] = {}
    try:
        program.clean_fields(exclude=["logo", "hero_image"])
    except DjangoValidationError as error:
        errors.update({name: [str(m) for m in messages] for name, messages in error.message_dict.items()})
    _bounds_errors(program, errors)
    _rules_errors(program, errors)
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), fields=errors)
    for name in COLOURS:
        setattr(program, name, getattr(program, name).lower())
    program.name = program.name.strip()
    program.stamps_reward = (program.stamps_reward or "").strip()


def _apply(program: Program, data: dict[str, Any]) -> list[str]:
    """Set the known fields of `data` on the programme; the names of those that changed."""
    if not isinstance(data, dict):
        raise ValidationFailed(_("Send the programme's fields."))
    changed = []
    for name in FIELDS:
        if name in data and getattr(program, name) != data[name]:
            setattr(program, name, data[name])
            changed.append(name)
    return changed


@transaction.atomic
def program_create(*, store: Any, actor: Any, data: dict[str, Any]) -> Program:
    """The merchant's programme, from the model's defaults and `data`. 409 when one exists."""
    if Program.objects.filter(key=1).exists():
        raise Conflict(_("This merchant already has a loyalty programme."), code=LoyaltyErrorCode.PROGRAM_EXISTS)
    program = Program()
    _apply(program, data)
    _validate(program)
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError:  # another request created it meanwhile
        raise Conflict(
            _("This merchant already has a loyalty programme."), code=LoyaltyErrorCode.PROGRAM_EXISTS
        ) from None
    audit_record(
        actor=actor, action="loyalty.program_created", target=program.name, store=store, data={"kind": program.kind}
    )
    program_changed_announce(merchant_id=store.merchant_id)
    return program


@transaction.atomic
def program_update(*, store: Any, actor: Any, data: dict[str, Any]) -> Program:
    """Change the fields given in `data`; the others stay. Nothing is saved when one is wrong."""
    program = program_required(active=False, for_update=True)
    changed = _apply(program, data)
    _validate(program)
    if not changed:
        return program
    program.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor, action="loyalty.program_updated", target=program.name, store=store, data={"fields": changed}
    )
    program_changed_announce(merchant_id=store.merchant_id)
    return program


@transaction.atomic
def program_set_active(*, store: Any, actor: Any, active: bool) -> Program:
    """Switch the programme on or off (off: the terminal and the join page refuse, cards stay)."""
    if not isinstance(active, bool):
        raise ValidationFailed(_("Say on or off."), fields={"is_active": [_("Must be true or false.")]})
    program = program_required(active=False, for_update=True)
    if program.is_active == active:
        return program
    program.is_active = active
    program.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action="loyalty.program_switched_on" if active else "loyalty.program_switched_off",
        target=program.name,
        store=store,
    )
    program_changed_announce(merchant_id=store.merchant_id)
    return program
