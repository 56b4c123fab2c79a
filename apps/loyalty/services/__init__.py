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
]
