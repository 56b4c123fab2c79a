"""The loyalty app's writes."""

from .cards import QR_PREFIX, card_enrol, card_find, card_number_clean, card_number_from_qr, card_number_new
from .cards_admin import card_set_active
from .ledger import (
    LedgerResult,
    Terminal,
    amount_clean,
    card_adjust,
    card_lock,
    entry_post,
    points_earn,
    points_for,
    points_redeem,
    reward_get,
    stamp_add,
    stamp_redeem,
    transaction_void,
)
from .pins import pin_clean, pin_create, pin_reset, pin_revoke, pin_verify
from .policy import Rules, policy_for, program_required, rules_get
from .program import program_changed_announce, program_create, program_find, program_set_active, program_update
from .program_images import image_clean, program_image_clear, program_image_set
from .rewards import reward_create, reward_deactivate, reward_update, tier_create, tier_delete, tier_update

__all__ = [
    "QR_PREFIX",
    "LedgerResult",
    "Rules",
    "Terminal",
    "amount_clean",
    "card_adjust",
    "card_enrol",
    "card_find",
    "card_lock",
    "card_number_clean",
    "card_number_from_qr",
    "card_number_new",
    "entry_post",
    "pin_clean",
    "pin_create",
    "pin_reset",
    "pin_revoke",
    "pin_verify",
    "points_earn",
    "points_for",
    "points_redeem",
    "policy_for",
    "program_required",
    "reward_get",
    "rules_get",
    "stamp_add",
    "stamp_redeem",
    "transaction_void",
    "card_set_active",
    # the programme's settings
    "image_clean",
    "program_changed_announce",
    "program_create",
    "program_find",
    "program_image_clear",
    "program_image_set",
    "program_set_active",
    "program_update",
    "reward_create",
    "reward_deactivate",
    "reward_update",
    "tier_create",
    "tier_delete",
    "tier_update",
]
