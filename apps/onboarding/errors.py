from enum import StrEnum


class OnboardingErrorCode(StrEnum):
    EMAIL_INVALID = "email_invalid"
    SIGNUP_THROTTLED = "signup_throttled"
    CONFIRMATION_INVALID = "confirmation_invalid"
    CONFIRMATION_TOO_SOON = "confirmation_too_soon"
