"""Production: every secret must come from the environment, or the process refuses to start."""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")  # no default: ImproperlyConfigured when missing
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("SECRET_KEY must be a long random value in production.")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
REDIS_URL = env.str("REDIS_URL")
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["routing"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["limits"]["LOCATION"] = REDIS_URL  # noqa: F405
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
PLATFORM_DOMAIN = env.str("PLATFORM_DOMAIN")
EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Custom domains are added at run time, so CSRF trusts the origin the routing middleware accepted.
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://*.{PLATFORM_DOMAIN}"])

# Secrets kept in the database (a store's Letzshop API key, its Stripe account id) are encrypted
# with a key of their own, never derived from SECRET_KEY (apps/core/secrets.py).
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY", default="")
if not FIELD_ENCRYPTION_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is required (a Fernet key: Fernet.generate_key()).")
try:
    Fernet(FIELD_ENCRYPTION_KEY)
except ValueError as error:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEY is not a Fernet key (32 url-safe base64-encoded bytes)."
    ) from error
