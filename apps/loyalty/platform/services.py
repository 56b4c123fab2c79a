"""What a platform admin changes per merchant: the loyalty policy (admin and platform API),
validated, locked and audited here."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed

from .models import MerchantLoyaltyPolicy

POLICY_FIELDS = (
    "pin_policy",
    "self_enrolment",
    "voids_allowed",
    "cross_store_redemption",
    "order_reference_required",
    "ip_logging",
)


def _policy_clean(changes: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, list[str]] = {}
    for name in sorted(set(changes) - set(POLICY_FIELDS)):
        fields[name] = [_("Unknown setting.")]
    for name in sorted(set(changes) & set(POLICY_FIELDS)):
        value = changes[name]
        if name == "pin_policy":
            if value not in MerchantLoyaltyPolicy.PinPolicy.values:
                fields[name] = [
                    _("Choose one of: %(values)s.") % {"values": ", ".join(MerchantLoyaltyPolicy.PinPolicy.values)}
                ]
        elif not isinstance(value, bool):
            fields[name] = [_("Must be true or false.")]
    if fields:
        raise ValidationFailed(_("Some settings are not valid."), fields=fields)
    return changes


@transaction.atomic
def policy_update(*, actor: Any, merchant: Any, changes: dict[str, Any]) -> MerchantLoyaltyPolicy:
    """Set some of the merchant's loyalty settings (created with the defaults on the first
    change). Each change is audited with its old and new value; the ledger reads the policy on its
    next call, so it takes effect at once."""
    changes = _policy_clean(changes)
    MerchantLoyaltyPolicy.objects.get_or_create(merchant_id=merchant.pk)
    policy = MerchantLoyaltyPolicy.objects.select_for_update().get(merchant_id=merchant.pk)
    diff = {name: [getattr(policy, name), value] for name, value in changes.items() if getattr(policy, name) != value}
    if not diff:
        return policy
    for name, (_old, new) in diff.items():
        setattr(policy, name, new)
    policy.save()
    audit_record(
        actor=actor,
        action="loyalty.policy_update",
        target=f"loyalty policy of {merchant}",
        merchant=merchant,
        data={"changes": diff},
    )
    return policy
