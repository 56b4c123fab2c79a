from enum import StrEnum


class OnboardingErrorCode(StrEnum):
    EMAIL_INVALID = "email_invalid"
    SIGNUP_THROTTLED = "signup_throttled"
    CONFIRMATION_INVALID = "confirmation_invalid"
    CONFIRMATION_TOO_SOON = "confirmation_too_soon"
    # the setup wizard
    INVALID_STEP_TRANSITION = "INVALID_STEP_TRANSITION"
    CONFIGURATION_VALIDATION_FAILED = "CONFIGURATION_VALIDATION_FAILED"
    INTEGRATION_CONNECTION_FAILED = "INTEGRATION_CONNECTION_FAILED"
    ONBOARDING_REQUIRED = "onboarding_required"
    ONBOARDING_FINISHED = "onboarding_finished"
    STEP_UNKNOWN = "step_unknown"
    SKIP_REASON_REQUIRED = "skip_reason_required"
