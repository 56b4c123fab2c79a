"""The curation API: the staging products with the pages' filters, one with its customisation,
selection, publishing (small: at once; more: a job) and unpublishing, category mappings."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from apps.accounts.access import StoreAPIView
from apps.core.api.errors import ErrorSerializer
from apps.core.api.pagination import PagePagination
from apps.jobs.api import JobSerializer

from .. import selectors, services
from ..jobs_publish import publish_queue
from ..models import CategoryMapping, StagingProduct
from ..permissions import Action, ActionAccess

TAGS = ["marketplace"]
IMMEDIATE_UP_TO = 20
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    403: OpenApiResponse(ErrorSerializer, description="Role lacks the permission, or module disabled"),
    404: OpenApiResponse(ErrorSerializer, description="No such staging product in this store"),
}


class StagingSerializer(serializers.ModelSerializer):
    is_published = serializers.BooleanField(read_only=True)
    publish_price = serializers.SerializerMethodField()

    class Meta:
        model = StagingProduct
        fields = [
            "id", "feed_id", "item_group_id", "titles", "descriptions", "link", "image_link",
            "additional_image_links", "availability", "price", "sale_price", "currency", "brand", "gtin", "mpn",
            "color", "size", "product_type", "state", "changed_fields", "changed_at", "gone_at", "is_selected",
            "customisation", "product_id", "variant_id", "published_at", "is_published", "publish_price",
        ]  # fmt: skip
        read_only_fields = fields

    def get_publish_price(self, product) -> str:
        return str(services.staging_price(product))


class TargetSerializer(serializers.Serializer):
    """Which staging products: `ids`, or `filter` (the list's query parameters as an object)."""

    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=10_000)
    filter = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    selected = serializers.BooleanField(required=False, default=True)


class PublishedSerializer(serializers.Serializer):
    published = serializers.ListField(child=serializers.IntegerField())
    product_ids = serializers.ListField(child=serializers.IntegerField())
    problems = serializers.DictField(child=serializers.CharField())


class MappingSerializer(serializers.ModelSerializer):
    category_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = CategoryMapping
        fields = ["feed_category", "category_id"]


class StagingAPIView(ActionAccess, StoreAPIView):
    abstract = True
    module = "marketplace"

    def target(self, data: dict) -> tuple[list[int] | None, selectors.StagingFilters | None]:
        if "ids" in data:
            return data["ids"], None
        if "filter" in data:
            return None, selectors.staging_filters_parse(data["filter"])
        return None, None

    def target_ids(self, data: dict) -> list[int]:
        ids, filters = self.target(data)
        return list(services.staging_target(store=self.store, ids=ids, filters=filters).values_list("pk", flat=True))


class StagingListView(StagingAPIView):
    actions = {"GET": Action.VIEW}

    @extend_schema(summary="List the staging products", responses={200: StagingSerializer(many=True)}, tags=TAGS)
    def get(self, request, **kwargs):
        filters = selectors.staging_filters_parse(request.query_params)
        queryset = selectors.staging_list(store=self.store, filters=filters, sort=request.query_params.get("sort", ""))
        paginator = PagePagination()
        paginator.django_paginator_class = selectors.StagingPaginator
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(StagingSerializer(page, many=True).data)


class StagingDetailView(StagingAPIView):
    actions = {"GET": Action.VIEW, "PATCH": Action.CURATE}

    @extend_schema(summary="One staging product", responses={200: StagingSerializer, **ERRORS}, tags=TAGS)
    def get(self, request, pk, **kwargs):
        return Response(StagingSerializer(selectors.staging_get(store=self.store, staging_id=pk)).data)

    @extend_schema(
        summary="Change its customisation (the keys given; null: back to the feed's value)",
        request={"application/json": {"type": "object"}},
        responses={200: StagingSerializer, **ERRORS},
        tags=TAGS,
    )
    def patch(self, request, pk, **kwargs):
        changes = request.data.get("customisation", request.data) if isinstance(request.data, dict) else request.data
        product = services.staging_customise(store=self.store, actor=request.user, staging_id=pk, changes=changes)
        return Response(StagingSerializer(product).data)


class StagingSelectView(StagingAPIView):
    actions = {"POST": Action.CURATE}

    @extend_schema(summary="Select or deselect staging products", request=TargetSerializer, tags=TAGS)
    def post(self, request, **kwargs):
        data = TargetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids, filters = self.target(data.validated_data)
        count = services.staging_select(
            store=self.store, actor=request.user, ids=ids, filters=filters, selected=data.validated_data["selected"]
        )
        return Response({"changed": count})


class StagingPublishView(StagingAPIView):
    actions = {"POST": Action.PUBLISH}

    @extend_schema(
        summary="Publish staging products (a few at once; more: a job, 202)",
        request=TargetSerializer,
        responses={200: PublishedSerializer, 202: JobSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        data = TargetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = self.target_ids(data.validated_data)
        if len(ids) > IMMEDIATE_UP_TO:
            job = publish_queue(store=self.store, actor=request.user, staging_ids=ids)
            return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        result = services.staging_publish(store=self.store, actor=request.user, staging_ids=ids)
        return Response(
            {
                "published": result.published,
                "product_ids": result.product_ids,
                "problems": {str(k): v for k, v in result.problems.items()},
            }
        )


class StagingUnpublishView(StagingAPIView):
    actions = {"POST": Action.PUBLISH}

    @extend_schema(
        summary="Unpublish: archive its catalog product", responses={200: StagingSerializer, **ERRORS}, tags=TAGS
    )
    def post(self, request, pk, **kwargs):
        product = selectors.staging_get(store=self.store, staging_id=pk)
        product = services.staging_unpublish(store=self.store, actor=request.user, staging_id=product.pk)
        return Response(StagingSerializer(product).data)


class CategoryMappingView(StagingAPIView):
    actions = {"GET": Action.VIEW, "POST": Action.CURATE}

    @extend_schema(summary="The category mappings", responses={200: MappingSerializer(many=True)}, tags=TAGS)
    def get(self, request, **kwargs):
        return Response(MappingSerializer(selectors.category_mapping_list(store=self.store), many=True).data)

    @extend_schema(
        summary="Map a feed category (category_id null: remove the mapping)",
        request=MappingSerializer,
        responses={200: MappingSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        data = MappingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.category_mapping_set(
            store=self.store,
            actor=request.user,
            feed_category=data.validated_data["feed_category"],
            category_id=data.validated_data["category_id"],
        )
        return Response(MappingSerializer(selectors.category_mapping_list(store=self.store), many=True).data)
