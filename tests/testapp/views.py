from django.http import HttpResponse
from django.views import View
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.accounts.api.base import StoreAPIView
from apps.accounts.storepages import StorePageMixin


class LabsPage(StorePageMixin, View):
    permission = "labs.view"

    def get(self, request, code):
        return HttpResponse("labs page")


class LabsApi(StoreAPIView):
    permission = "labs.view"

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="Labs", tags=["labs"])
    def get(self, request, code):
        return Response({"ok": True})
