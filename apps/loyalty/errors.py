from enum import StrEnum


class LoyaltyErrorCode(StrEnum):
    NO_PROGRAM = "loyalty_no_program"
    PROGRAM_EXISTS = "loyalty_program_exists"
    PROGRAM_INACTIVE = "loyalty_program_inactive"
    WRONG_PROGRAM_KIND = "loyalty_wrong_program_kind"  # stamps on a points programme and the like
    # cards
    CARD_NOT_FOUND = "card_not_found"
    CARD_INACTIVE = "card_inactive"
    QR_INVALID = "qr_invalid"
    ALREADY_ENROLLED = "already_enrolled"
    SELF_ENROLMENT_OFF = "self_enrolment_off"
    SIGN_IN_REQUIRED = "sign_in_required"  # joining signed out with an address that has an account
    EMAIL_NOT_YOURS = "email_not_yours"  # joining signed in with another address than the account's
    CROSS_STORE_NOT_ALLOWED = "cross_store_not_allowed"
    # staff PINs
    PIN_REQUIRED = "pin_required"
    PIN_INVALID = "pin_invalid"
    PIN_WRONG = "pin_wrong"
    PIN_LOCKED = "pin_locked"
    PIN_NOT_FOUND = "pin_not_found"
    PIN_ATTEMPTS_THROTTLED = "pin_attempts_throttled"  # too many wrong PINs from one caller
    # anti-fraud and balances
    STAMP_COOLDOWN = "stamp_cooldown"
    DAILY_LIMIT = "daily_limit"
    NOT_ENOUGH_STAMPS = "not_enough_stamps"
    NOT_ENOUGH_POINTS = "not_enough_points"
    BELOW_MINIMUM = "below_minimum_redemption"
    REWARD_NOT_FOUND = "reward_not_found"
    AMOUNT_INVALID = "amount_invalid"
    BALANCE_LIMIT = "balance_limit"  # a balance would pass what a card can hold
    ORDER_REFERENCE_REQUIRED = "order_reference_required"
    # voids
    VOIDS_NOT_ALLOWED = "voids_not_allowed"
    TRANSACTION_NOT_FOUND = "transaction_not_found"
    VOID_OF_VOID = "void_of_void"
    NOT_VOIDABLE = "not_voidable"
    ALREADY_VOIDED = "already_voided"
    # adjustments
    REASON_REQUIRED = "reason_required"
    # passes
    PASSES_NOT_CONFIGURED = "passes_not_configured"
    PASS_DEVICES_LIMIT = "pass_devices_limit"  # a pass registered on too many devices
