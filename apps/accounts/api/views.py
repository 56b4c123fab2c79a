"""Accounts API: device tokens, the current user, stores I may use, team members."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.pagination import PagePagination
from apps.core.errors import PermissionDenied
from apps.core.modules import registry
from apps.tenancy.routing import store_base_url

from .. import selectors, services
from ..access import StoreAPIView, StorefrontAPIView
from ..models import ApiToken
from .serializers import (
    InvitationSerializer,
    InviteInputSerializer,
    MemberSerializer,
    MeSerializer,
    MyStoreSerializer,
    ProfileUpdateSerializer,
    RoleInputSerializer,
    TokenInputSerializer,
    TokenOutputSerializer,
    UserSerializer,
)


class TokenView(StorefrontAPIView):
    """Obtain (POST) or revoke (DELETE) a device token. Wrong passwords count with those of every
    other way in; too many answer 429 with Retry-After."""

    module = "team"  # the accounts module that mounts this API

    @extend_schema(request=TokenInputSerializer, responses={201: TokenOutputSerializer}, auth=[])
    def post(self, request):
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = services.api_token_issue(
            email=data.validated_data["email"],
            password=data.validated_data["password"],
            name=data.validated_data.get("device_name", ""),
            request=request,
        )
        return Response({"token": key, "user": UserSerializer(token.user).data}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not request.user.is_authenticated or not isinstance(request.auth, ApiToken):
            raise PermissionDenied(_("Send the token to revoke in the Authorization header."))
        services.api_token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _my_stores(request):
    result = []
    for membership in selectors.user_memberships(user=request.user, merchant=request.merchant):
        store = membership.store
        result.append(
            {
                "code": store.code,
                "name": store.name,
                "url": store_base_url(store, request) + "/",
                "language": store.language,
                "time_zone": store.time_zone,
                "role": membership.role,
                "permissions": sorted(registry.permissions(membership.role, request.merchant.enabled_modules)),
            }
        )
    return result


class StoreMeView(StorefrontAPIView):
    module = "team"
    login_required = True

    @extend_schema(responses=MeSerializer, summary="Current user and store memberships")
    def get(self, request):
        return Response({"user": UserSerializer(request.user).data, "memberships": _my_stores(request)})


class StoreListView(StorefrontAPIView):
    module = "team"
    login_required = True

    @extend_schema(responses=MyStoreSerializer(many=True), summary="Stores I may use")
    def get(self, request):
        return Response(_my_stores(request))


class MemberListView(StoreAPIView):
    module = "team"
    permissions = {"GET": "team.view", "POST": "team.manage"}

    @extend_schema(responses=MemberSerializer(many=True), summary="Team members of a store")
    def get(self, request, code):
        paginator = PagePagination()
        page = paginator.paginate_queryset(selectors.membership_list(store=self.store), request, view=self)
        return paginator.get_paginated_response(MemberSerializer(page, many=True).data)

    @extend_schema(request=InviteInputSerializer, responses={201: InvitationSerializer}, summary="Invite a team member")
    def post(self, request, code):
        data = InviteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation, _token = services.member_invite(
            actor=request.user, actor_role=self.role, store=self.store, **data.validated_data
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class MemberDetailView(StoreAPIView):
    module = "team"
    permissions = {"GET": "team.view", "PATCH": "team.manage", "DELETE": "team.manage"}

    @extend_schema(responses=MemberSerializer)
    def get(self, request, code, pk):
        return Response(MemberSerializer(selectors.membership_get_in_store(store=self.store, membership_id=pk)).data)

    @extend_schema(request=RoleInputSerializer, responses=MemberSerializer, summary="Change a member's role")
    def patch(self, request, code, pk):
        data = RoleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.member_change_role(
            actor=request.user,
            actor_role=self.role,
            store=self.store,
            membership_id=pk,
            role=data.validated_data["role"],
        )
        return Response(MemberSerializer(member).data)

    @extend_schema(responses={204: None}, summary="Remove a member from the store")
    def delete(self, request, code, pk):
        services.member_remove(actor=request.user, actor_role=self.role, store=self.store, membership_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StorefrontMeView(StorefrontAPIView):
    module = "team"
    login_required = True

    @extend_schema(responses=UserSerializer, summary="The signed-in customer")
    def get(self, request):
        return Response(UserSerializer(request.user).data)

    @extend_schema(request=ProfileUpdateSerializer, responses=UserSerializer)
    def patch(self, request):
        data = ProfileUpdateSerializer(request.user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        data.save()
        return Response(UserSerializer(request.user).data)
