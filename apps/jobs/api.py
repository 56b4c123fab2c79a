"""Jobs API: the progress of a store's background job (bulk changes, imports ...), for clients
that queued one and poll until it is done, and its cancellation."""

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
from .services import job_cancel


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, help_text="0-100; 100 once done.")
    finished = serializers.BooleanField(read_only=True, help_text="Done, failed or cancelled: stop polling.")

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
            "cancel_requested",
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


def _cancel_permission(kind: str) -> str | None:
    """Who may start a kind of job may cancel it (by default, who may follow it)."""
    try:
        return registry.job_kind(kind).permission or _view_permission(kind)
    except KeyError:
        return _view_permission(kind)


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


class JobCancelView(StoreAPIView):
    permission = "store.view"

    @extend_schema(
        request=None,
        responses={
            200: JobSerializer,
            404: OpenApiResponse(description="No such job in this store"),
            409: OpenApiResponse(description="The job has already finished"),
        },
        summary="Cancel a background job",
        description=(
            "A queued job is cancelled at once; a running one stops at its next check, keeping what "
            "it already did (poll until `finished`)."
        ),
        tags=["jobs"],
    )
    def post(self, request, code, pk):
        job = job_get(store=self.store, job_id=pk)
        permission = _cancel_permission(job.kind)
        if permission:
            check_store_permission(request, self.store, permission)
        job = job_cancel(store=self.store, job_id=job.pk, actor=request.user)
        return Response(JobSerializer(job).data)


urlpatterns = [
    path("store/stores/<str:code>/jobs/<int:pk>/", JobDetailView.as_view(), name="api-job-detail"),
    path("store/stores/<str:code>/jobs/<int:pk>/cancel/", JobCancelView.as_view(), name="api-job-cancel"),
]
