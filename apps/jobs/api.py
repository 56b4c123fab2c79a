"""Jobs API: the progress of a store's background job (bulk changes, imports ...), for clients
that queued one and poll until it is done, and its cancellation."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.modules import registry

from .models import Job
from .selectors import job_get
from .services import job_cancel


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, help_text="0-100; 100 once done.")
    finished = serializers.BooleanField(read_only=True, help_text="Done, failed or cancelled: stop polling.")
    problems = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text='What could not be done, one line per item, e.g. "SKU-12: the new price would exceed '
        '9,999,999,999.99, so it was left unchanged."; the rest was done.',
    )

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
            "problems",
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


class JobView(StoreAPIView):
    # A job of this store. Any member may ask for it ("store.view": the jobs module declares no
    # permissions of its own); what the job is about then needs its module's permission. No
    # docstring: the API schema shows the store API's.

    abstract = True
    module = "jobs"
    permission = "store.view"
    cross_module_permissions = ("store.view",)


class JobDetailView(JobView):
    @extend_schema(
        responses={200: JobSerializer, 404: OpenApiResponse(description="No such job in this store")},
        summary="Progress of a background job",
        tags=["jobs"],
    )
    def get(self, request, code, pk):
        job = job_get(store=self.store, job_id=pk)
        permission = _view_permission(job.kind)
        if permission:
            self.require(permission)
        return Response(JobSerializer(job).data)


class JobCancelView(JobView):
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
            self.require(permission)
        job = job_cancel(store=self.store, job_id=job.pk, actor=request.user)
        return Response(JobSerializer(job).data)


urlpatterns = [
    path("store/stores/<str:code>/jobs/<int:pk>/", JobDetailView.as_view(), name="api-job-detail"),
    path("store/stores/<str:code>/jobs/<int:pk>/cancel/", JobCancelView.as_view(), name="api-job-cancel"),
]
