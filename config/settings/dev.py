"""Local development: the embedded stack of `make run`, readable errors, mail on the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
PLATFORM_SCHEME = env.str("PLATFORM_SCHEME", default="http")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
