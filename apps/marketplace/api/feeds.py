"""The feed import API (store API, /api/v1/store/stores/<code>/marketplace/...): the feed sources
per language, starting an import (a URL, the saved source, or a multipart file), the imports with
their counters, an import's rejected rows as CSV, and a preview of a feed."""

from __future__ import annotations

from dataclasses import asdict

from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer

from ..feeds import selectors
from ..jobs_feeds import feed_imports_reconcile
from ..models import FeedImport, FeedSource
from ..permissions import Action, ActionAccess
from ..services.feeds import LANGUAGES, feed_import_start, feed_preview, feed_sources_save

TAGS = ["marketplace"]
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No such import in this store"),
}
RUNNING = {409: OpenApiResponse(ErrorSerializer, description="An import of this store is still running")}


class FeedSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedSource
        fields = ["language", "url", "format"]


class FeedSourcesInputSerializer(serializers.Serializer):
    fr = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    de = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    en = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class FeedImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedImport
        fields = [
            "id",
            "job_id",
            "source",
            "url",
            "file_name",
            "language",
            "format",
            "encoding",
            "delimiter",
            "columns",
            "status",
            "rows_read",
            "rows_imported",
            "rows_rejected",
            "new_count",
            "changed_count",
            "gone_count",
            "error",
            "created_at",
            "finished_at",
        ]


class ImportInputSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=LANGUAGES)
    url = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    file = serializers.FileField(required=False)


class PreviewSerializer(serializers.Serializer):
    format = serializers.CharField()
    encoding = serializers.CharField()
    delimiter = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class FeedsAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "marketplace"


class FeedSourcesView(FeedsAPIView):
    actions = {"GET": Action.VIEW, "PUT": Action.SOURCES_CHANGE}

    @extend_schema(summary="The feed URL of each language", responses={200: FeedSourceSerializer(many=True)}, tags=TAGS)
    def get(self, request, **kwargs):
        sources = selectors.feed_sources(store=self.store).values()
        return Response(FeedSourceSerializer(sources, many=True).data)

    @extend_schema(
        summary="Set the feed URLs",
        description='Language -> URL; "" removes that language\'s source, a language left out is kept.',
        request=FeedSourcesInputSerializer,
        responses={200: FeedSourceSerializer(many=True), **ERRORS},
        tags=TAGS,
    )
    def put(self, request, **kwargs):
        data = FeedSourcesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sources = feed_sources_save(store=self.store, urls=dict(data.validated_data), actor=request.user)
        return Response(FeedSourceSerializer(sources, many=True).data)


class FeedImportListView(FeedsAPIView):
    actions = {"GET": Action.VIEW, "POST": Action.IMPORT}

    @extend_schema(summary="The last imports", responses={200: FeedImportSerializer(many=True)}, tags=TAGS)
    def get(self, request, **kwargs):
        feed_imports_reconcile(store=self.store)
        return Response(FeedImportSerializer(selectors.feed_import_list(store=self.store), many=True).data)

    @extend_schema(
        summary="Start an import",
        description="JSON {language, url?} (no url: the language's saved source) or multipart {language, file}. "
        "Answers at once; follow it with GET .../imports/{id}/ or the job.",
        request=ImportInputSerializer,
        responses={202: FeedImportSerializer, **ERRORS, **RUNNING},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        data = ImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        started = feed_import_start(
            store=self.store,
            language=data.validated_data["language"],
            actor=request.user,
            url=data.validated_data.get("url") or None,
            upload=data.validated_data.get("file"),
        )
        return Response(FeedImportSerializer(started).data, status=status.HTTP_202_ACCEPTED)


class FeedImportDetailView(FeedsAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(summary="One import", responses={200: FeedImportSerializer, **ERRORS}, tags=TAGS)
    def get(self, request, pk: int, **kwargs):
        feed_imports_reconcile(store=self.store)
        return Response(FeedImportSerializer(selectors.feed_import_get(store=self.store, import_id=pk)).data)


class FeedImportRejectedView(FeedsAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(
        summary="The rejected rows of an import (CSV: row, column, reason, value)",
        responses={(200, "text/csv"): OpenApiResponse(description="CSV"), **ERRORS},
        tags=TAGS,
    )
    def get(self, request, pk: int, **kwargs):
        feed_import = selectors.feed_import_get(store=self.store, import_id=pk)
        response = StreamingHttpResponse(
            selectors.rejected_csv(store=self.store, feed_import=feed_import), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="import-{feed_import.pk}-rejected.csv"'
        return response


class FeedPreviewView(FeedsAPIView):
    actions = {"POST": Action.IMPORT}

    @extend_schema(
        summary="Preview a feed",
        description="Its format, encoding, delimiter, columns, missing required columns and first rows.",
        request=ImportInputSerializer,
        responses={200: PreviewSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        data = ImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        preview = feed_preview(
            store=self.store,
            language=data.validated_data["language"],
            url=data.validated_data.get("url") or None,
            upload=data.validated_data.get("file"),
        )
        return Response(PreviewSerializer(asdict(preview)).data)
