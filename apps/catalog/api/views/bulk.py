"""Bulk changes to many products, queued as a job."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.jobs.api import JobSerializer

from ... import services
from ...permissions import Action
from ..serializers.bulk import BulkInputSerializer
from ._base import ERRORS, STORE_TAGS, CatalogAPIView


class BulkView(CatalogAPIView):
    actions = {"POST": Action.PRODUCT_BULK}

    @extend_schema(
        summary="Change many products in the background",
        description="Queues a job and answers at once; poll `GET /api/v1/store/stores/{code}/jobs/{id}/`.",
        request=BulkInputSerializer,
        responses={202: JobSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def post(self, request, **kwargs):
        data = BulkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action = data.validated_data["action"]
        if action == "delete":
            self.require_action(Action.PRODUCT_DELETE)
        job = services.bulk_queue(
            store=self.store,
            actor=request.user,
            action=action,
            params=data.validated_data["params"],
            product_ids=data.validated_data["product_ids"],
        )
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
