"""Local development: the embedded stack of `make run`, readable errors, mail on the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
PLATFORM_SCHEME = env.str("PLATFORM_SCHEME", default="http")
LINK_TO_CUSTOM_DOMAINS = env.bool("LINK_TO_CUSTOM_DOMAINS", default=False)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PLATFORM_HOST_ALIASES = env.list("PLATFORM_HOST_ALIASES", default=["127.0.0.1"])
