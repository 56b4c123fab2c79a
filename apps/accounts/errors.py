from enum import StrEnum


class AccountsErrorCode(StrEnum):
    ROLE_TOO_HIGH = "role_too_high"
    NOT_A_MEMBER = "not_a_member"
    ALREADY_MEMBER = "already_member"
    INVITATION_PENDING = "invitation_pending"
    INVITATION_INVALID = "invitation_invalid"
    INVITATION_EMAIL_MISMATCH = "invitation_email_mismatch"
    LAST_OWNER = "last_owner"
    BAD_CREDENTIALS = "bad_credentials"
    HANDOFF_INVALID = "handoff_invalid"
    UNKNOWN_ROLE = "unknown_role"
    PASSWORD_WEAK = "password_weak"
    STORE_NOT_OPEN = "store_not_open"
