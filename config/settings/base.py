"""Settings shared by every environment. Everything that differs between machines comes from the
environment (django-environ); dev.py, test.py and production.py only change defaults."""

from decimal import Decimal
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)

# --- Tenancy -------------------------------------------------------------------------------------

# The platform's own domain: its public site lives there and every store gets <code>.<domain>.
PLATFORM_DOMAIN = env.str("PLATFORM_DOMAIN", default="localhost")
PLATFORM_NAME = env.str("PLATFORM_NAME", default="Wizamart")
# The DNS label of the ownership record a merchant creates: _<slug>-verify.<their domain>
PLATFORM_SLUG = env.str("PLATFORM_SLUG", default="wizamart")
# Scheme used in links to stores (emails, redirects built outside a request).
PLATFORM_SCHEME = env.str("PLATFORM_SCHEME", default="https")
# Whether links to a store use its active custom domain (the canonical address). Off in local
# development, where custom domains do not resolve.
LINK_TO_CUSTOM_DOMAINS = env.bool("LINK_TO_CUSTOM_DOMAINS", default=True)
# Port in links built outside a request (e-mails from workers); empty for 80/443.
PLATFORM_PORT = env.str("PLATFORM_PORT", default="")

# The plans the platform offers, shown on /pricing/ (apps.tenancy.plans): code, name, price per
# month in euros (VAT included), description, modules (empty: every installed module). There is no
# billing yet, so the one plan is free; a billing app will take this over.
PLATFORM_PLANS = [
    {
        "code": "free",
        "name": _("Free"),
        "price": "0",
        "description": _(
            "Everything the platform does today. There is no subscription yet: you pay nothing and need no card."
        ),
    },
]

# Merchant signup: how many merchants one address may open per window (seconds), counted in the
# cache; and after how many days a signup whose owner never confirmed their e-mail address is
# deleted, schema and all (its storefront is not public until then).
SIGNUP_LIMIT_PER_ADDRESS = env.int("SIGNUP_LIMIT_PER_ADDRESS", default=3)
SIGNUP_LIMIT_WINDOW = env.int("SIGNUP_LIMIT_WINDOW", default=3600)
SIGNUP_CONFIRM_DAYS = env.int("SIGNUP_CONFIRM_DAYS", default=7)

# A merchant's claim on a custom domain that nobody proves with its DNS record lapses after this
# many days (another merchant who proves the domain wins over a pending claim at any time).
DOMAIN_CLAIM_PENDING_DAYS = env.int("DOMAIN_CLAIM_PENDING_DAYS", default=3)

# Other host names that serve the platform's public site (e.g. a load balancer's health check).
PLATFORM_HOST_ALIASES = env.list("PLATFORM_HOST_ALIASES", default=[])

# Hosts are validated by the tenant routing middleware against the Domain table: any merchant may
# bring its own domain, so ALLOWED_HOSTS cannot list them. Malformed Host headers are still
# rejected by Django itself (400).
ALLOWED_HOSTS = ["*"]

SHARED_APPS = [
    "django_tenants",
    "modeltranslation",
    "apps.core",
    "apps.tenancy",
    "apps.accounts",
    "apps.onboarding",
    "apps.loyalty.platform",
    "apps.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "csp",
]

TENANT_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "allauth",
    "allauth.account",
    "apps.accounts",
    "apps.jobs",
    "apps.catalog",
    "apps.orders",
    "apps.loyalty",
    "apps.marketplace",
    "django_countries",
    "phonenumber_field",
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenancy.Merchant"
TENANT_DOMAIN_MODEL = "tenancy.Domain"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
# New merchants are cloned from this schema, which migrate_schemas keeps current: creating a
# merchant then costs a schema copy, not a run of every tenant migration.
TENANT_BASE_SCHEMA = "tenant_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
TENANT_LIMIT_SET_CALLS = True
TENANT_MULTIPROCESSING_MAX_PROCESSES = env.int("TENANT_MIGRATION_PROCESSES", default=2)
GET_EXECUTOR_FUNCTION = "apps.tenancy.migration.get_executor"
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
# Cached host -> merchant/store lookups; changes to domains and stores invalidate them.
TENANT_HOST_CACHE_SECONDS = env.int("TENANT_HOST_CACHE_SECONDS", default=300)
# ... and kept in each process for this long (0: always ask the shared cache).
TENANT_HOST_LOCAL_CACHE_SECONDS = env.int("TENANT_HOST_LOCAL_CACHE_SECONDS", default=10)

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:55432/platform")}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:56379/0")
# Every cache key starts with the database's name: schema names (m_orion) repeat from one database
# to the next, so two platforms sharing a Redis (a dev server next to make run) never read each
# other's entries, and a Redis that keeps its data never serves a rebuilt database stale pages.
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default=DATABASES["default"]["NAME"])
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "OPTIONS": {"IGNORE_EXCEPTIONS": False},
    },
    # Host routing entries: platform-wide, so no per-schema key prefix.
    "routing": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:routing",
    },
    # Counters and refusals of rate limits (apps.core.ratelimit): platform-wide as well, so that an
    # address is one client on every host.
    "limits": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:limits",
    },
}
# Benchmarks only: listing pages say whether their catalog fragment came from the cache
# (X-Listing-Cache: hit|miss), so that a load test can prove its "uncached" pages are.
LISTING_CACHE_HEADER = env.bool("LISTING_CACHE_HEADER", default=False)

# --- Request handling ----------------------------------------------------------------------------

MIDDLEWARE = [
    # First, so that every answer carries the policy, the routing middleware's own pages too.
    "csp.middleware.CSPMiddleware",
    # API paths answer errors in the API's format, whoever raised them; then text no view may see
    # is refused before any other middleware reads the request (apps.core.middleware).
    "apps.core.middleware.ApiErrorMiddleware",
    "apps.core.middleware.RequestInputMiddleware",
    "apps.tenancy.middleware.TenantRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.accounts.middleware.DeviceCookieMiddleware",
    "apps.tenancy.middleware.StoreLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # a store still in its setup wizard: its pages lead there, its store API answers 403
    "apps.onboarding.middleware.OnboardingGateMiddleware",
    "apps.tenancy.middleware.StoreTimezoneMiddleware",
    "apps.core.middleware.ApplicationErrorMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.platform",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Accounts ------------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend behind the sign-in limits (LOGIN_LIMITS below); first, so that no other
    # backend compares a password while a client is refused.
    "apps.accounts.backends.LimitedModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.CustomerSignupForm"
# allauth's forms with our labels (the pages are ours too: templates/account/); the current
# password of a password change is checked under the sign-in limits too.
ACCOUNT_FORMS = {
    "login": "apps.accounts.allauth_forms.LoginForm",
    "signup": "apps.accounts.allauth_forms.SignupForm",
    "reset_password": "apps.accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "apps.accounts.allauth_forms.ResetPasswordKeyForm",
    "change_password": "apps.accounts.allauth_forms.ChangePasswordForm",
    "set_password": "apps.accounts.allauth_forms.SetPasswordForm",
    "add_email": "apps.accounts.allauth_forms.AddEmailForm",
    "reauthenticate": "apps.accounts.allauth_forms.ReauthenticateForm",
}
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirmation keys stored in each merchant's schema: allauth's default HMAC keys only sign the
# address id with the one SECRET_KEY, so a link sent by one merchant's shop would confirm another
# merchant's customer whose address has the same id.
ACCOUNT_EMAIL_CONFIRMATION_HMAC = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so they are visible and tunable in one place; except its sign-in
    # limits: LOGIN_LIMITS below limit every way in (allauth's per-e-mail limit would let anyone
    # lock a customer out by typing wrong passwords on purpose)
    "login": None,
    "login_failed": None,
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# Reverse proxies in front of the app: client IPs for rate limits are read past this many hops of
# X-Forwarded-For (0: use the connection's address and ignore the header, which clients can forge).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Password guessing, on every way in (shop and store sign-in, Django admin, the API's token
# endpoint, re-authentication): apps.accounts.login_limits. Failures are counted in windows of
# WINDOW seconds, in the "limits" cache.
LOGIN_LIMITS = {
    "WINDOW": env.int("LOGIN_WINDOW", default=15 * 60),
    # Failures from one address, whatever the accounts, before that address is refused, and
    # failures for one account from one address before that pair is refused. Refused for BLOCK
    # seconds, doubled with each refusal within a day, up to BLOCK_MAX.
    "ADDRESS_FAILURES": env.int("LOGIN_ADDRESS_FAILURES", default=30),
    "ACCOUNT_ADDRESS_FAILURES": env.int("LOGIN_ACCOUNT_ADDRESS_FAILURES", default=5),
    "BLOCK": env.int("LOGIN_BLOCK", default=60),
    "BLOCK_MAX": env.int("LOGIN_BLOCK_MAX", default=60 * 60),
    # Failures for one account from clients without its device cookie (every address together)
    # before such clients are refused for that account, for ACCOUNT_BLOCK seconds: the longest
    # that someone else's wrong passwords keep its owner out on a browser they never signed in with
    # (one they did sign in with, or reset the password in, holds the cookie and is not refused).
    "ACCOUNT_FAILURES": env.int("LOGIN_ACCOUNT_FAILURES", default=10),
    "ACCOUNT_BLOCK": env.int("LOGIN_ACCOUNT_BLOCK", default=15 * 60),
    # The device cookie a successful sign-in leaves; failures with one cookie before it stops
    # exempting its holder from the per-account limit.
    "DEVICE_COOKIE_NAME": "signin_device",
    "DEVICE_COOKIE_AGE": 60 * 60 * 24 * 365,
    "DEVICE_FAILURES": env.int("LOGIN_DEVICE_FAILURES", default=10),
    # The platform's sign-in e-mails (a link to each store of an address): requests per address
    # and per e-mail address in LINK_WINDOW seconds.
    "LINK_ADDRESS_REQUESTS": env.int("LOGIN_LINK_ADDRESS_REQUESTS", default=10),
    "LINK_EMAIL_REQUESTS": env.int("LOGIN_LINK_EMAIL_REQUESTS", default=3),
    "LINK_WINDOW": env.int("LOGIN_LINK_WINDOW", default=60 * 60),
}
CSRF_FAILURE_VIEW = "apps.core.api.errors.csrf_failure"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# --- API -----------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's parsers with the platform's rules on text (no NUL, no lone surrogates, bounded depth
    # and size): a view that names its own parsers takes them from apps.core.api.parsers too.
    "DEFAULT_PARSER_CLASSES": [
        "apps.core.api.parsers.JSONParser",
        "apps.core.api.parsers.FormParser",
        "apps.core.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.pagination.PagePagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{PLATFORM_NAME} API",
    "DESCRIPTION": (
        "Store API (`/api/v1/store/...`) for staff and point-of-sale devices, storefront API "
        "(`/api/v1/storefront/...`) for customers. Call it on the store's own domain. "
        "Authenticate with `Authorization: Token <key>` from `POST /api/v1/auth/token/`. "
        'Errors are `{"code", "message", "fields"}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `status`; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "ProductStatusEnum": "apps.catalog.models.Product.Status",
        "ImageStatusEnum": "apps.catalog.models.ProductImage.Status",
        "JobStatusEnum": "apps.jobs.models.Job.Status",
    },
}

# --- Background work -----------------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
# Lanes, routes, time limits and the beat schedule of Celery, and the jobs runner's settings.
from .background import *  # noqa: E402, F403
from .loyalty import *  # noqa: E402, F403
from .marketplace import *  # noqa: E402, F403

# --- Mail ----------------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{PLATFORM_NAME} <no-reply@{PLATFORM_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages and time --------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("de", _("German")), ("lb", _("Luxembourgish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Product and content texts: one column per language, falling back to the others when empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "de", "lb")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "de", "lb")
# Dates and numbers per language as written in Luxembourg (30/11/2026, 1.234,50): config/formats.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Files ---------------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
_s3_endpoint_url = env.str("AWS_S3_ENDPOINT_URL", default=None)
_s3_custom_domain = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
if AWS_STORAGE_BUCKET_NAME:
    # Every merchant's files live under its own prefix: <schema>/<path>.
    _default_storage = {
        "BACKEND": "apps.core.storage.TenantS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _s3_endpoint_url,
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "custom_domain": _s3_custom_domain,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "apps.core.storage.TenantFileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Content-Security-Policy (django-csp) --------------------------------------------------------

# Enforced everywhere. Pages run only the project's own scripts (static/js/app.js, static/vendor:
# htmx without eval and Alpine's CSP build); an inline script or style element that must stay
# carries the request's nonce (`{{ CSP_NONCE }}`: only 500.html's style, which may depend on
# nothing). Templates hold no style attribute, event handler or javascript: link
# (tests/security/test_csp.py). Images may also come from the media storage's host (S3 or its
# CDN) and from data: URIs (icons inside Swagger UI's stylesheet). Forms post to the page's own
# origin or to a store of the platform: merchant signup lands on the new store's own subdomain
# (browsers apply form-action to the redirect after a POST).
if _s3_custom_domain:
    _media_sources = [f"https://{_s3_custom_domain}"]
elif AWS_STORAGE_BUCKET_NAME:
    _media_sources = [_s3_endpoint_url or "https://*.amazonaws.com"]
else:
    _media_sources = []
CSP_EXTRA_IMG_SRC = env.list("CSP_EXTRA_IMG_SRC", default=_media_sources)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *CSP_EXTRA_IMG_SRC],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, f"*.{PLATFORM_DOMAIN}:*"],
        "frame-ancestors": [NONE],
    },
}

# --- Secrets and integrations --------------------------------------------------------------------

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# --- orders: Stripe Connect (begin) ---
# Where stripe-python sends its calls: empty for Stripe itself; the local stand-in
# (tools/stripe_stub.py) in development without network and in the tests.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# The kind of connected account a store gets: "express" (Stripe-hosted onboarding and dashboard)
# or "standard" (the merchant's own full Stripe account).
STRIPE_CONNECT_ACCOUNT_TYPE = env.str("STRIPE_CONNECT_ACCOUNT_TYPE", default="express")
STRIPE_CONNECT_COUNTRY = env.str("STRIPE_CONNECT_COUNTRY", default="LU")
# Encrypts secrets kept in the database (a store's Stripe account id): a Fernet key
# (cryptography.fernet.Fernet.generate_key()). Required in production once Stripe is configured;
# elsewhere derived from SECRET_KEY when empty.
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY", default="")
# Earlier keys, still read while `manage.py secrets_rotate` re-encrypts with the current one.
FIELD_ENCRYPTION_OLD_KEYS = env.list("FIELD_ENCRYPTION_OLD_KEYS", default=[])
# "Connect with Stripe" and "Place order" post a form that redirects to Stripe's hosted
# onboarding or payment page (or the stand-in's): form-action must allow that redirect.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += [
    "https://connect.stripe.com",
    "https://checkout.stripe.com",
    *([STRIPE_API_BASE.rstrip("/")] if STRIPE_API_BASE else []),
]
# --- orders: Stripe Connect (end) ---

# --- Orders --------------------------------------------------------------------------------------

PHONENUMBER_DEFAULT_REGION = "LU"
# Countries a customer address may be in: Luxembourg and its neighbours first, then the rest of
# the EU (what the shipping zones cover).
COUNTRIES_FIRST = ["LU", "BE", "DE", "FR"]
ORDERS = {
    # an online card order not paid after this many minutes is cancelled and its stock released
    "UNPAID_CARD_MINUTES": env.int("ORDERS_UNPAID_CARD_MINUTES", default=60),
    # the platform's fee on each card payment, in percent of the order total (Stripe Connect)
    "APPLICATION_FEE_PERCENT": Decimal(env.str("STRIPE_APPLICATION_FEE_PERCENT", default="1.5")),
    # most lines and units per line in one cart or order
    "MAX_LINES": 100,
    "MAX_QUANTITY": 999,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
