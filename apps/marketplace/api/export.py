"""The Letzshop feed through the store API: its secret URL per language and how many products it
holds; a new secret (the old URLs stop working)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer

from ..permissions import Action, ActionAccess
from ..selectors import export_count
from ..services.export import export_feed_urls, export_token_rotate

TAGS = ["marketplace: feed"]
ERRORS = {
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No such store"),
}


class FeedSerializer(serializers.Serializer):
    urls = serializers.DictField(
        child=serializers.URLField(), help_text="Language -> the tab-separated feed's URL (fr, de, en)."
    )
    csv_urls = serializers.DictField(child=serializers.URLField(), help_text="The same feeds, comma-separated.")
    products = serializers.IntegerField(help_text="Active products in the feed.")
    rows = serializers.IntegerField(help_text="Rows in the feed (one per variant).")


class ExportAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "marketplace"

    def feed(self) -> dict:
        store, request = self.store, self.request
        return {
            "urls": export_feed_urls(store=store, request=request),
            "csv_urls": export_feed_urls(store=store, request=request, fmt="csv"),
            **export_count(store=store),
        }


class FeedView(ExportAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(
        summary="The Letzshop feed",
        description="The secret URLs at which Letzshop reads this store's active products, per language.",
        responses={200: FeedSerializer, **ERRORS},
        tags=TAGS,
    )
    def get(self, request, **kwargs):
        return Response(FeedSerializer(self.feed()).data)


class FeedRotateView(ExportAPIView):
    actions = {"POST": Action.CONNECTION_CHANGE}

    @extend_schema(
        summary="Give the Letzshop feed a new secret URL",
        description="The old URLs answer 404 from now on; give Letzshop the new ones.",
        request=None,
        responses={200: FeedSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        export_token_rotate(store=self.store, actor=request.user)
        return Response(FeedSerializer(self.feed()).data)
