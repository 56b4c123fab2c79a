"""The test suite: real PostgreSQL, tasks run in-process, fast hashing, mail kept in memory."""

from .base import *  # noqa: F403

DEBUG = False
PLATFORM_DOMAIN = "testserver.local"
PLATFORM_SCHEME = "http"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    },
    "routing": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "routing"},
    "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits"},
}
# Task code runs for real, in the calling process and schema.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Apps that exist only to exercise platform mechanisms (module gating).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
TENANT_APPS = [*TENANT_APPS, "tests.testapp"]  # noqa: F405
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "1000/min", "user": "1000/min"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
