"""The catalog feed Letzshop pulls from a store's domain: /feeds/letzshop/<token>/<lang>.tsv (or
.csv). Anyone holding the secret URL reads it, no one else: a wrong token, another store's token,
an unknown language or the marketplace module switched off all answer 404. Letzshop polls it, so
it answers 304 while nothing in the feed changed (ETag and Last-Modified)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from django.http import Http404, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views import View
from django_tenants.utils import schema_context

from apps.accounts.access import StorefrontPageView

from ..selectors import export_fingerprint, export_token_matches
from ..services.export import FEED_LANGUAGES, export_base_url, export_feed_lines

CONTENT_TYPE = "text/plain; charset=utf-8"


class LetzshopFeedView(StorefrontPageView, View):
    module = "marketplace"
    fmt = "tsv"

    def get(self, request, token: str, lang: str):
        store = self.store
        if lang not in FEED_LANGUAGES or not export_token_matches(store=store, token=token):
            raise Http404
        base = export_base_url(store=store, request=request)
        fingerprint = export_fingerprint(store=store)
        identity = "|".join(map(str, (self.fmt, lang, base, store.language, *fingerprint.parts)))
        etag = f'"{hashlib.sha256(identity.encode()).hexdigest()[:32]}"'
        modified = fingerprint.last_change.timestamp() if fingerprint.last_change else None
        response = get_conditional_response(request, etag=etag, last_modified=modified)
        if response is None:
            lines = _in_schema(
                request.tenant.schema_name,
                export_feed_lines(store=store, language=lang, base=base, fmt=self.fmt),
            )
            response = StreamingHttpResponse((line.encode() for line in lines), content_type=CONTENT_TYPE)
            name = f"letzshop-{store.code.lower()}-{lang}.{self.fmt}"
            response["Content-Disposition"] = f'inline; filename="{name}"'
        response["ETag"] = etag
        if modified is not None:
            response["Last-Modified"] = http_date(modified)
        patch_cache_control(response, private=True, max_age=0)
        return response


class LetzshopFeedCsvView(LetzshopFeedView):
    fmt = "csv"


def _in_schema(schema: str, lines: Iterator[str]) -> Iterator[str]:
    """The body is read after the view returned: read it in the merchant's schema still."""
    with schema_context(schema):
        yield from lines
