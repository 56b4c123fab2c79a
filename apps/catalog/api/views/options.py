"""Option types (size, colour ...) with their values: list, create, read, change, delete."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.errors import ErrorSerializer

from ... import limits, selectors, services
from ...permissions import Action
from ..serializers.options import OptionTypeInputSerializer, OptionTypeSerializer, OptionTypeUpdateSerializer
from ._base import ERRORS, NOT_FOUND, STORE_TAGS, CatalogAPIView

OPTION_LIMITS = (
    f"A store has at most {limits.MAX_OPTION_TYPES_PER_STORE} options "
    f"(`too_many_option_types`), an option at most {limits.MAX_VALUES_PER_OPTION_TYPE} values "
    "(`too_many_option_values`)."
)


class OptionTypeListView(CatalogAPIView):
    actions = {"GET": Action.VIEW, "POST": Action.OPTION_CREATE}

    @extend_schema(
        summary="Options of the store (size, colour ...) with their values",
        description="Every option in order, unpaginated, each with its values in order. " + OPTION_LIMITS,
        responses={200: OptionTypeSerializer(many=True), **ERRORS},
        tags=STORE_TAGS,
    )
    def get(self, _request, **kwargs):
        return Response(OptionTypeSerializer(selectors.option_type_list(store=self.store), many=True).data)

    @extend_schema(
        summary="Create an option with its values",
        description="Names are unique in the store and values within their option, in any language and case: "
        "a name already used is `option_type_name_taken` (409), a value twice in the list "
        "`option_value_duplicate` (400). " + OPTION_LIMITS,
        request=OptionTypeInputSerializer,
        responses={
            201: OptionTypeSerializer,
            **ERRORS,
            409: OpenApiResponse(ErrorSerializer, description="Another option of this store has this name"),
        },
        tags=STORE_TAGS,
    )
    def post(self, request, **kwargs):
        data = OptionTypeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        option_type = services.option_type_create(
            store=self.store,
            actor=request.user,
            name=values["name"],
            values=[item["value"] for item in values.get("values", [])],
        )
        body = OptionTypeSerializer(selectors.option_type_get(store=self.store, option_type_id=option_type.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class OptionTypeDetailView(CatalogAPIView):
    actions = {"GET": Action.VIEW, "PATCH": Action.OPTION_CHANGE, "DELETE": Action.OPTION_DELETE}

    @extend_schema(summary="An option", responses={200: OptionTypeSerializer, **NOT_FOUND}, tags=STORE_TAGS)
    def get(self, _request, pk, **kwargs):
        return Response(OptionTypeSerializer(selectors.option_type_get(store=self.store, option_type_id=pk)).data)

    @extend_schema(
        summary="Rename an option, or add, rename, reorder and remove its values",
        description="`name`: the languages sent change, the others stay. `values`: the whole list in its new "
        'order, `{"id": 3}` keeping a value (with `value` renaming it), `{"value": {...}}` adding one; a value '
        "left out is deleted, unless a variant uses it: then `option_value_in_use` (409) and nothing changes. "
        + OPTION_LIMITS,
        request=OptionTypeUpdateSerializer,
        responses={
            200: OptionTypeSerializer,
            **ERRORS,
            409: OpenApiResponse(
                ErrorSerializer, description="Name used by another option, or a removed value used by variants"
            ),
        },
        tags=STORE_TAGS,
    )
    def patch(self, request, pk, **kwargs):
        option_type = selectors.option_type_get(store=self.store, option_type_id=pk)
        data = OptionTypeUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.option_type_update(
            store=self.store,
            option_type=option_type,
            actor=request.user,
            name=values.get("name"),
            values=values.get("values"),
        )
        return Response(OptionTypeSerializer(selectors.option_type_get(store=self.store, option_type_id=pk)).data)

    @extend_schema(
        summary="Delete an option and its values",
        description="Refused with `option_type_in_use` (409) while a variant uses one of its values.",
        responses={
            204: None,
            **NOT_FOUND,
            409: OpenApiResponse(ErrorSerializer, description="A variant uses one of its values"),
        },
        tags=STORE_TAGS,
    )
    def delete(self, request, pk, **kwargs):
        option_type = selectors.option_type_get(store=self.store, option_type_id=pk)
        services.option_type_delete(store=self.store, option_type=option_type, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
