"""Whether each wallet is configured (settings: config/settings/loyalty.py). Without its settings
a wallet's button is hidden, its endpoints answer 404 and balance changes skip it."""

from __future__ import annotations

from django.conf import settings


def apple_enabled() -> bool:
    return all(
        (
            settings.LOYALTY_APPLE_PASS_TYPE_ID,
            settings.LOYALTY_APPLE_TEAM_ID,
            settings.LOYALTY_APPLE_CERT,
            settings.LOYALTY_APPLE_KEY,
            settings.LOYALTY_APPLE_WWDR_CERT,
        )
    )


def google_enabled() -> bool:
    return bool(settings.LOYALTY_GOOGLE_ISSUER_ID and settings.LOYALTY_GOOGLE_SERVICE_ACCOUNT)


class WalletError(Exception):
    """A call to APNs or Google failed in a way worth retrying (logged; the task retries)."""
