"""Loyalty's wallet passes: the Apple Wallet pass certificate and the Google Wallet service
account. Part of the base settings (base.py imports it). Without them the pass buttons are hidden
and the rest of the loyalty app works (apps/loyalty/wallet/config.py)."""

from environ import Env as _Env

# underscored: base.py imports every other name of this module
_env = _Env()

# Apple Wallet: the pass type id (pass.lu.example.loyalty) and team of the Apple developer
# account, the pass type certificate and its private key (PEM files) and Apple's WWDR
# intermediate certificate (PEM), which the pass signature carries.
LOYALTY_APPLE_PASS_TYPE_ID = _env.str("LOYALTY_APPLE_PASS_TYPE_ID", default="")
LOYALTY_APPLE_TEAM_ID = _env.str("LOYALTY_APPLE_TEAM_ID", default="")
LOYALTY_APPLE_CERT = _env.str("LOYALTY_APPLE_CERT", default="")
LOYALTY_APPLE_KEY = _env.str("LOYALTY_APPLE_KEY", default="")
LOYALTY_APPLE_KEY_PASSWORD = _env.str("LOYALTY_APPLE_KEY_PASSWORD", default="")
LOYALTY_APPLE_WWDR_CERT = _env.str("LOYALTY_APPLE_WWDR_CERT", default="")
# Apple's push service (HTTP/2, the pass certificate as client certificate); a local stub in tests
LOYALTY_APNS_URL = _env.str("LOYALTY_APNS_URL", default="https://api.push.apple.com")

# Google Wallet: the issuer id of the Google Pay & Wallet console and the service account's JSON
# key file; the REST API and the OAuth token endpoint (local stubs in tests).
LOYALTY_GOOGLE_ISSUER_ID = _env.str("LOYALTY_GOOGLE_ISSUER_ID", default="")
LOYALTY_GOOGLE_SERVICE_ACCOUNT = _env.str("LOYALTY_GOOGLE_SERVICE_ACCOUNT", default="")
LOYALTY_GOOGLE_API_URL = _env.str(
    "LOYALTY_GOOGLE_API_URL", default="https://walletobjects.googleapis.com/walletobjects/v1"
)
LOYALTY_GOOGLE_TOKEN_URL = _env.str("LOYALTY_GOOGLE_TOKEN_URL", default="https://oauth2.googleapis.com/token")
# seconds for one call to APNs or Google
LOYALTY_WALLET_TIMEOUT = _env.float("LOYALTY_WALLET_TIMEOUT", default=10.0)
