"""The category tree: list, create, read, change (rename, move, place), delete."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from ... import limits, selectors, services
from ...permissions import Action
from ..serializers.categories import CategoryInputSerializer, CategorySerializer, CategoryUpdateSerializer
from ._base import ERRORS, NOT_FOUND, STORE_TAGS, CatalogAPIView


class CategoryListView(CatalogAPIView):
    actions = {"GET": Action.VIEW, "POST": Action.CATEGORY_CREATE}

    @extend_schema(
        summary="The category tree",
        description="Every category once, in display order (a parent before its children), with its `depth`; "
        f"unpaginated: a store has at most {limits.MAX_CATEGORIES_PER_STORE} categories.",
        responses=CategorySerializer(many=True),
        tags=STORE_TAGS,
    )
    def get(self, _request, **kwargs):
        nodes = []
        for category, depth in selectors.category_tree(store=self.store):
            category.depth = depth
            nodes.append(category)
        return Response(CategorySerializer(nodes, many=True).data)

    @extend_schema(
        summary="Create a category",
        description=f"A store has at most {limits.MAX_CATEGORIES_PER_STORE} categories; "
        "one more is refused with `too_many_categories` (400).",
        request=CategoryInputSerializer,
        responses={201: CategorySerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def post(self, request, **kwargs):
        data = CategoryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        category = services.category_create(
            store=self.store,
            actor=request.user,
            name=values["name"],
            description=values.get("description"),
            parent_id=values.get("parent"),
        )
        return Response(CategorySerializer(category).data, status=status.HTTP_201_CREATED)


class CategoryDetailView(CatalogAPIView):
    actions = {"GET": Action.VIEW, "PATCH": Action.CATEGORY_CHANGE, "DELETE": Action.CATEGORY_DELETE}

    @extend_schema(summary="A category", responses={200: CategorySerializer, **NOT_FOUND}, tags=STORE_TAGS)
    def get(self, _request, pk, **kwargs):
        return Response(CategorySerializer(selectors.category_get(store=self.store, category_id=pk)).data)

    @extend_schema(
        summary="Change a category",
        description="`parent`: null moves it to the top level; left out keeps it where it is. A new parent "
        "puts it last among its new siblings unless `position` says where. `position`: its place among its "
        "siblings, 0 first; the siblings are renumbered in one transaction.",
        request=CategoryUpdateSerializer(partial=True),
        responses={200: CategorySerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def patch(self, request, pk, **kwargs):
        category = selectors.category_get(store=self.store, category_id=pk)
        data = CategoryUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        category = services.category_update(
            store=self.store,
            category=category,
            actor=request.user,
            name=values.get("name"),
            description=values.get("description"),
            parent_id=values.get("parent", services.CATEGORY_PARENT_KEEP),
            is_active=values.get("is_active"),
            position=values.get("position"),
        )
        return Response(CategorySerializer(category).data)

    @extend_schema(
        summary="Delete a category",
        description="Its children move up to its parent; its products stay, without this category.",
        responses={204: None, **NOT_FOUND},
        tags=STORE_TAGS,
    )
    def delete(self, request, pk, **kwargs):
        category = selectors.category_get(store=self.store, category_id=pk)
        services.category_delete(store=self.store, category=category, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
