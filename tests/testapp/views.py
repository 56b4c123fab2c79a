from django.http import HttpResponse
from django.views import View
from rest_framework.response import Response

from apps.accounts.api.base import StoreAPIView
from apps.accounts.storepages import StorePageMixin


class LabsPage(StorePageMixin, View):
    permission = "labs.view"

    def get(self, request, code):
        return HttpResponse("labs page")


class LabsApi(StoreAPIView):
    permission = "labs.view"

    def get(self, request, code):
        return Response({"ok": True})
