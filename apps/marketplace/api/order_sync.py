"""The store API of the order sync: start the historical import of the Letzshop orders, follow its
progress, and match a marketplace line to a variant of the catalog."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer
from apps.orders import services as orders_services

from ..permissions import Action, ActionAccess
from ..services import order_sync

TAGS = ["marketplace"]
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input, or the store is not connected to Letzshop"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No such job, order or line in this store"),
}


class ProgressSerializer(serializers.Serializer):
    job_id = serializers.IntegerField()
    status = serializers.CharField()
    percent = serializers.IntegerField()
    shipments_fetched = serializers.IntegerField()
    orders_created = serializers.IntegerField()
    finished = serializers.BooleanField()
    error = serializers.CharField()


class MatchInput(serializers.Serializer):
    variant_id = serializers.IntegerField(min_value=1, help_text="A variant of this store's catalog.")


class MatchedLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    variant_id = serializers.IntegerField()
    needs_match = serializers.BooleanField()


class SyncAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "marketplace"


class OrderHistoryStartView(SyncAPIView):
    actions = {"POST": Action.SYNC}

    @extend_schema(
        summary="Start the import of the Letzshop order history",
        request=None,
        responses={
            202: ProgressSerializer,
            409: OpenApiResponse(ErrorSerializer, description="An import runs already (code sync_running, job_id)"),
            **ERRORS,
        },
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        job = order_sync.order_history_start(store=self.store, actor=request.user)
        progress = order_sync.order_history_progress(store=self.store, job_id=job.pk)
        return Response(ProgressSerializer(progress).data, status=status.HTTP_202_ACCEPTED)


class OrderHistoryProgressView(SyncAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(
        summary="Progress of an import of the Letzshop order history",
        responses={200: ProgressSerializer, **ERRORS},
        tags=TAGS,
    )
    def get(self, request, job_id, **kwargs):
        progress = order_sync.order_history_progress(store=self.store, job_id=job_id)
        return Response(ProgressSerializer(progress).data)


class LineMatchView(SyncAPIView):
    actions = {"POST": Action.SYNC}

    @extend_schema(
        summary="Match a Letzshop order line to a variant of the catalog",
        request=MatchInput,
        responses={200: MatchedLineSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, order_id, line_id, **kwargs):
        data = MatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        line = orders_services.order_line_match(
            store=self.store,
            order_id=order_id,
            line_id=line_id,
            variant_id=data.validated_data["variant_id"],
            actor=request.user,
        )
        out = {"id": line.pk, "order_id": line.order_id, "variant_id": line.variant_id, "needs_match": line.needs_match}
        return Response(MatchedLineSerializer(out).data)
