"""Storefront catalog API: public reads of the shop of the domain, for apps and headless
front ends. Only active products and visible categories; texts in the visitor's language as plain
strings; no back-office data (cost price, stock counts, drafts). Kept apart from the store API
(the other modules of this package), which staff and tills use with a token and a role."""

from __future__ import annotations

from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response

from apps.accounts.access import StorefrontAPIView
from apps.core.api.pagination import PagePagination

from ... import selectors
from ..serializers.common import LANGS
from ..serializers.storefront import (
    FacetsSerializer,
    StorefrontCategorySerializer,
    StorefrontListingSerializer,
    StorefrontProductDetailSerializer,
    StorefrontProductSerializer,
)
from ._base import ERRORS

STOREFRONT_TAGS = ["storefront catalog"]


LANG_PARAMETER = OpenApiParameter(
    "lang", str, enum=LANGS, description="Language of the texts; default: the visitor's, else the store's."
)


class CatalogStorefrontAPIView(StorefrontAPIView):
    """Public reads of the store of the domain (404 on the platform's own domain, and when the
    merchant's catalog module is off)."""

    # The texts are in the language of `?lang=` if given (prepare()).

    abstract = True
    module = "catalog"

    def prepare(self, request):
        lang = request.query_params.get("lang")
        if lang in LANGS:
            translation.activate(lang)


@extend_schema_view(
    get=extend_schema(
        operation_id="storefront_catalog_products_list",
        summary="Browse and search the shop",
        parameters=[
            OpenApiParameter("q", str, description="Search text (any characters; typo-tolerant)."),
            OpenApiParameter("category", str, description="Category slug; includes its subcategories."),
            OpenApiParameter("brand", str, description="Exact brand."),
            OpenApiParameter("min_price", OpenApiTypes.DECIMAL, description="Cheapest variant at least this."),
            OpenApiParameter("max_price", OpenApiTypes.DECIMAL, description="Cheapest variant at most this."),
            OpenApiParameter("in_stock", bool, description="true: only products in stock."),
            OpenApiParameter(
                "sort",
                str,
                enum=["relevance", "newest", "price_asc", "price_desc", "title"],
                description="Default: relevance with q, else newest. Prices sort by the cheapest variant.",
            ),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="At most 100."),
            LANG_PARAMETER,
        ],
        responses={200: StorefrontListingSerializer, 404: ERRORS[404]},
        tags=STOREFRONT_TAGS,
        auth=[],
    )
)
class StorefrontProductListView(CatalogStorefrontAPIView):
    def get(self, request):
        listing = selectors.storefront_listing(store=self.store, params=request.query_params)
        paginator = PagePagination()
        page = paginator.paginate_queryset(listing.products, request, view=self)
        return Response(
            {
                "count": paginator.page.paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": StorefrontProductSerializer(page, many=True, context={"request": request}).data,
                "facets": FacetsSerializer(listing.facets).data,
                "filters": {
                    key: value if isinstance(value, bool) else str(value) for key, value in listing.filters.items()
                },
                "sort": listing.sort,
                "corrected": listing.corrected,
                "corrected_only": listing.corrected_only,
            }
        )


class StorefrontProductDetailView(CatalogStorefrontAPIView):
    @extend_schema(
        summary="A product page",
        parameters=[LANG_PARAMETER],
        responses={200: StorefrontProductDetailSerializer, 404: ERRORS[404]},
        tags=STOREFRONT_TAGS,
        auth=[],
    )
    def get(self, request, slug):
        product = selectors.storefront_product(store=self.store, slug=slug)
        return Response(StorefrontProductDetailSerializer(product, context={"request": request}).data)


class StorefrontCategoryTreeView(CatalogStorefrontAPIView):
    @extend_schema(
        summary="The shop's category tree",
        parameters=[LANG_PARAMETER],
        responses={200: StorefrontCategorySerializer(many=True), 404: ERRORS[404]},
        tags=STOREFRONT_TAGS,
        auth=[],
    )
    def get(self, _request, **kwargs):
        roots: list[dict] = []
        nodes: dict[int, dict] = {}
        for category, _depth in selectors.category_tree(store=self.store, active_only=True):
            node = {
                "id": category.pk,
                "slug": category.slug,
                "name": category.name,
                "description": category.description,
                "children": [],
            }
            nodes[category.pk] = node
            parent = nodes.get(category.parent_id)
            (parent["children"] if parent is not None else roots).append(node)
        return Response(StorefrontCategorySerializer(roots, many=True).data)
