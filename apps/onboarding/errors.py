from enum import StrEnum


class OnboardingErrorCode(StrEnum):
    EMAIL_INVALID = "email_invalid"
