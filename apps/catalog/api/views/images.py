"""Images of a product: list, upload, change alt texts or the main image, delete, reorder."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.parsers import FormParser, MultiPartParser

from ... import limits, selectors, services
from ...permissions import Action
from ...texts import texts_in_active_language
from ..serializers.images import ImageOrderSerializer, ImageSerializer, ImageUpdateSerializer, ImageUploadSerializer
from ._base import ERRORS, NOT_FOUND, STORE_TAGS, CatalogAPIView


class ImageListView(CatalogAPIView):
    actions = {"GET": Action.VIEW, "POST": Action.IMAGE_ADD}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Images of a product",
        description=f"Every image, unpaginated: a product has at most {limits.MAX_IMAGES_PER_PRODUCT}.",
        responses={200: ImageSerializer(many=True), **NOT_FOUND},
        tags=STORE_TAGS,
    )
    def get(self, request, pk, **kwargs):
        product = selectors.product_get(store=self.store, product_id=pk)
        return Response(ImageSerializer(product.images.all(), many=True, context={"request": request}).data)

    @extend_schema(
        summary="Upload an image",
        description="Checked by content, not name: anything but JPEG, PNG, WebP or GIF is `image_invalid`. "
        "Renditions are made in the background (`status` turns from processing to ready). "
        f"A product has at most {limits.MAX_IMAGES_PER_PRODUCT} images; one more is `too_many_images` (400).",
        request={"multipart/form-data": ImageUploadSerializer},
        responses={201: ImageSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def post(self, request, pk, **kwargs):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        data = ImageUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.image_add(
            store=self.store,
            product=product,
            actor=request.user,
            upload=data.validated_data["image"],
            alt_text=texts_in_active_language(data.validated_data.get("alt_text", "")),
        )
        return Response(ImageSerializer(image, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ImageDetailView(CatalogAPIView):
    actions = {"PATCH": Action.IMAGE_CHANGE, "DELETE": Action.IMAGE_DELETE}

    @extend_schema(
        summary="Change an image's alt texts or make it the main image",
        request=ImageUpdateSerializer,
        responses={200: ImageSerializer, **ERRORS},
        tags=STORE_TAGS,
    )
    def patch(self, request, pk, image_id, **kwargs):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        data = ImageUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.image_update(
            store=self.store,
            product=product,
            image_id=image_id,
            actor=request.user,
            alt_text=data.validated_data.get("alt_text"),
            primary=data.validated_data.get("is_primary"),
        )
        return Response(ImageSerializer(image, context={"request": request}).data)

    @extend_schema(summary="Delete an image", responses={204: None, **NOT_FOUND}, tags=STORE_TAGS)
    def delete(self, request, pk, image_id, **kwargs):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        services.image_delete(store=self.store, product=product, image_id=image_id, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ImageOrderView(CatalogAPIView):
    actions = {"POST": Action.IMAGE_CHANGE}

    @extend_schema(
        summary="Reorder a product's images",
        request=ImageOrderSerializer,
        responses={200: ImageSerializer(many=True), **ERRORS},
        tags=STORE_TAGS,
    )
    def post(self, request, pk, **kwargs):
        product = selectors.product_get_for_update(store=self.store, product_id=pk)
        data = ImageOrderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.image_reorder(
            store=self.store, product=product, ordered_ids=data.validated_data["order"], actor=request.user
        )
        images = selectors.product_get(store=self.store, product_id=pk).images.all()
        return Response(ImageSerializer(images, many=True, context={"request": request}).data)
