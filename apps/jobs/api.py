"""Jobs API: the progress of a store's background job (bulk changes, imports ...), for clients
that queued one and poll until it is done."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from apps.accounts.api.base import StoreAPIView
from apps.accounts.permissions import check_store_permission
from apps.core.modules import registry

from .models import Job
from .selectors import job_get


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, help_text="0-100; 100 once done.")
    finished = serializers.BooleanField(read_only=True, help_text="Done or failed: stop polling.")

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "label",
            "status",
            "total",
            "done",
            "percent",
            "finished",
            "result",
            "error",
            "created_at",
            "updated_at",
            "finished_at",
        ]
        read_only_fields = fields


def _view_permission(kind: str) -> str | None:
    """A job of module X ("catalog.bulk_products") is readable by who may view X."""
    code = kind.split(".", 1)[0]
    for module in registry.all():
        if module.code == code and f"{code}.view" in module.permissions:
            return f"{code}.view"
    return None


class JobDetailView(StoreAPIView):
    permission = "store.view"

    @extend_schema(
        responses={200: JobSerializer, 404: OpenApiResponse(description="No such job in this store")},
        summary="Progress of a background job",
        tags=["jobs"],
    )
    def get(self, request, code, pk):
        job = job_get(store=self.store, job_id=pk)
        permission = _view_permission(job.kind)
        if permission:
            check_store_permission(request, self.store, permission)
        return Response(JobSerializer(job).data)


urlpatterns = [
    path("store/stores/<str:code>/jobs/<int:pk>/", JobDetailView.as_view(), name="api-job-detail"),
]
