"""Routing benchmark baseline: the development settings without tenant routing, serving the plain
view of benchmarks/urls_plain.py. Every other middleware stays (StoreLocaleMiddleware without a
store is Django's LocaleMiddleware), so the comparison with the routed servers is tenant routing
(and, for the storefront, the page), not the rest of the stack."""

from config.settings.dev import *  # noqa: F403
from config.settings.dev import MIDDLEWARE as _DEV_MIDDLEWARE

TENANT_MIDDLEWARE = (
    "apps.tenancy.middleware.TenantRoutingMiddleware",
    "apps.tenancy.middleware.StoreTimezoneMiddleware",
)
MIDDLEWARE = [name for name in _DEV_MIDDLEWARE if name not in TENANT_MIDDLEWARE]
ROOT_URLCONF = "benchmarks.urls_plain"
PUBLIC_SCHEMA_URLCONF = ROOT_URLCONF
