"""Product images: the cleaned original and its renditions, and the changes the API takes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ...models import ProductImage
from .common import Translations, absolute_url, storage_url, texts_input


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    webp = serializers.URLField()
    jpeg = serializers.URLField()


class ImageFilesMixin:
    """The `url` of a cleaned original and its `renditions`, absolute, for an image serializer."""

    def get_url(self, image) -> str:
        return absolute_url(self.context.get("request"), image.original.url) if image.original else ""

    @extend_schema_field(serializers.DictField(child=RenditionSerializer()))
    def get_renditions(self, image):
        return renditions_of(self.context.get("request"), image)


class ImageSerializer(ImageFilesMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The cleaned original (EXIF stripped).")
    alt_text = Translations("alt_text")
    renditions = serializers.SerializerMethodField(
        help_text="thumbnail (160 px), small (320), medium (640), large (1280); empty while processing."
    )

    class Meta:
        model = ProductImage
        fields = ["id", "url", "width", "height", "alt_text", "position", "is_primary", "status", "renditions"]
        read_only_fields = fields


def renditions_of(request, image: ProductImage) -> dict:
    result = {}
    for name, entry in (image.renditions or {}).items():
        result[name] = {
            "width": entry.get("width", 0),
            "height": entry.get("height", 0),
            "webp": absolute_url(request, storage_url(entry["webp"])) if entry.get("webp") else "",
            "jpeg": absolute_url(request, storage_url(entry["jpeg"])) if entry.get("jpeg") else "",
        }
    return result


class ImageUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text="JPEG, PNG, WebP or GIF, at most 15 MB and 40 megapixels.")
    alt_text = serializers.CharField(
        max_length=200, allow_blank=True, required=False, help_text="In the language of the request."
    )


class ImageUpdateSerializer(serializers.Serializer):
    alt_text = texts_input(ProductImage, "alt_text", required=False)
    is_primary = serializers.BooleanField(required=False, help_text="true makes this the product's main image.")


class ImageOrderSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=PlainNumberField(min_value=1), help_text="Every image id of the product, once, in order."
    )
