"""Platform staff's API for loyalty (platform domain, public schema): the programme directory,
the platform-wide figures and each merchant's loyalty settings. Staff sign in as for the admin
(session, with the CSRF token) or with an API token of their platform account."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.errors import ErrorSerializer
from apps.core.errors import NotFound

from ..platform import selectors, services
from .platform_serializers import MerchantPolicySerializer, PlatformStatsSerializer, ProgramDirectorySerializer

ACTIVE = {"true": True, "false": False}


class ProgramListView(ListAPIView):
    permission_classes = [IsAdminUser]
    serializer_class = ProgramDirectorySerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.directory_rows(
            kind=params.get("kind", ""),
            active=ACTIVE.get(params.get("active", "")),
            search=params.get("search", "").strip(),
        )

    @extend_schema(
        tags=["platform"],
        operation_id="loyalty_platform_programs_list",
        summary="Every merchant's loyalty programme with its figures",
        parameters=[
            OpenApiParameter("kind", str, enum=["stamps", "points", "hybrid"]),
            OpenApiParameter("active", str, enum=["true", "false"]),
            OpenApiParameter("search", str, description="Merchant or programme name"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PlatformStatsView(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(
        tags=["platform"],
        operation_id="loyalty_platform_stats",
        responses={200: PlatformStatsSerializer},
        summary="Loyalty figures over all merchants (last 30 days)",
    )
    def get(self, request):
        totals = selectors.platform_totals()
        by_kind = {row["kind"]: row["count"] for row in selectors.programmes_by_kind()}
        return Response(PlatformStatsSerializer({**totals, "by_kind": by_kind}).data)


class MerchantPolicyView(APIView):
    permission_classes = [IsAdminUser]

    def _merchant(self, merchant_id: int):
        merchant = selectors.dangerously_merchant_get(merchant_id=merchant_id)
        if merchant is None:
            raise NotFound(_("No such merchant."))
        return merchant

    @extend_schema(
        tags=["platform"],
        operation_id="loyalty_platform_merchant_settings_get",
        responses={200: MerchantPolicySerializer, 404: ErrorSerializer},
        summary="A merchant's loyalty settings (the defaults until changed)",
    )
    def get(self, request, merchant_id: int):
        policy = selectors.policy_or_default(merchant=self._merchant(merchant_id))
        return Response(MerchantPolicySerializer(policy).data)

    @extend_schema(
        tags=["platform"],
        operation_id="loyalty_platform_merchant_settings_update",
        request=MerchantPolicySerializer,
        responses={200: MerchantPolicySerializer, 400: ErrorSerializer, 404: ErrorSerializer},
        summary="Change some of a merchant's loyalty settings (audited)",
    )
    def patch(self, request, merchant_id: int):
        merchant = self._merchant(merchant_id)
        serializer = MerchantPolicySerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        policy = services.policy_update(actor=request.user, merchant=merchant, changes=dict(serializer.validated_data))
        return Response(MerchantPolicySerializer(policy).data)
