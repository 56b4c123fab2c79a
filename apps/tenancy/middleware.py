"""Request routing: one middleware finds the merchant schema and the store for the host."""

from __future__ import annotations

import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.urls import set_urlconf
from django.utils import timezone, translation
from django_tenants.middleware.main import TenantMainMiddleware

from .routing import resolve_host, store_base_url

STORE_PATH_RE = re.compile(r"^/store/(?P<code>[A-Za-z0-9-]{1,30})(?:/|$)")


class TenantRoutingMiddleware(TenantMainMiddleware):
    """Sets request.tenant (the merchant, or the public schema), request.merchant and
    request.store, activates the merchant's schema and picks the URLconf.

    - platform domain: the public site (request.merchant and request.store are None);
    - store domain or platform subdomain: that store;
    - merchant-wide domain: the store named in /store/<code>/..., else the first active store;
    - anything else: a 404 page. A malformed Host header: a 400 page.
    """

    def process_request(self, request):
        connection.set_schema_to_public()
        request.merchant = None
        request.store = None
        try:
            host = self.hostname_from_request(request).lower().rstrip(".")
        except DisallowedHost:
            return render(request, "tenancy/bad_host.html", status=400)

        route = resolve_host(host)
        if route is None:
            return render(request, "tenancy/unknown_host.html", {"host": host}, status=404)

        if route.is_public:
            request.tenant = connection.tenant
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return None

        merchant = route.merchant
        store = route.store
        match = STORE_PATH_RE.match(request.path_info)
        if route.merchant_wide:
            if match:
                store = route.stores.get(match["code"].upper())
                if store is None:
                    return render(request, "tenancy/unknown_store.html", status=404)
            else:
                store = next(iter(route.stores.values()))
        elif match and match["code"].upper() != store.code:
            other = merchant.stores.filter(code=match["code"].upper(), is_active=True).first()
            if other is None:
                return render(request, "tenancy/unknown_store.html", status=404)
            # Another store of the same merchant: send the browser to that store's own address.
            return HttpResponseRedirect(store_base_url(other, request) + request.get_full_path())

        merchant.domain_url = host
        request.tenant = merchant
        request.merchant = merchant
        request.store = store
        connection.set_tenant(merchant)
        request.urlconf = settings.ROOT_URLCONF
        set_urlconf(request.urlconf)
        return None


class StoreTimezoneMiddleware:
    """Show times in the store's time zone; store pages and storefront share it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        store = getattr(request, "store", None)
        if store is not None:
            try:
                timezone.activate(zoneinfo.ZoneInfo(store.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class StoreLocaleMiddleware(LocaleMiddleware):
    """The language of a page: the visitor's own choice (language cookie, then their profile),
    else the store's language on a store domain, else the browser's preference."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if not language and user is not None and user.is_authenticated:
            language = user.language
        store = getattr(request, "store", None)
        if not language and store is not None:
            language = store.language
        if language and translation.check_for_language(language):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return None
        return super().process_request(request)
