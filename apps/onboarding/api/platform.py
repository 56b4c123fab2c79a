"""Platform staff's API for onboarding (platform domain, public schema): skip a store's setup
wizard with a reason, like the admin's action. Staff sign in as for the admin (session, with the
CSRF token) or with an API token of their platform account."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.errors import ErrorSerializer
from apps.core.errors import NotFound

from .. import selectors, wizard


class OnboardingSkipView(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(
        tags=["platform"],
        request=inline_serializer("OnboardingSkip", {"reason": serializers.CharField()}),
        responses={200: OpenApiTypes.OBJECT, 400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
        summary="Skip a store's setup wizard",
    )
    def post(self, request, code: str):
        store = selectors.dangerously_store_by_code(code=code)
        if store is None:
            raise NotFound(_("No such store."))
        progress = wizard.wizard_skip(store=store, actor=request.user, reason=str(request.data.get("reason") or ""))
        return Response(
            {
                "store": store.code,
                "status": progress.status,
                "skipped_by": progress.skipped_by,
                "reason": progress.skip_reason,
            }
        )
