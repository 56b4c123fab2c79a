"""The card's logo and hero image through the store API: /api/v1/store/stores/<code>/loyalty/
program/logo/ and program/hero-image/ (POST multipart `image`, DELETE). Checked by content:
JPEG, PNG or WebP, at most 2 MB, within the sizes a card shows; else 400 `image_invalid`."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from apps.core.api.parsers import FormParser, MultiPartParser

from .. import services
from ..permissions import Action
from .program import ERRORS, TAGS, ProgramAPIView
from .program_serializers import ProgramSerializer


class ImageUpload(serializers.Serializer):
    image = serializers.FileField()


class ProgramImageView(ProgramAPIView):
    abstract = True
    actions = {"POST": Action.PROGRAM_CHANGE, "DELETE": Action.PROGRAM_CHANGE}
    parser_classes = [MultiPartParser, FormParser]
    field = "logo"

    def upload(self, request):
        upload = self.valid(ImageUpload)["image"]
        program = services.program_image_set(store=self.store, actor=request.user, field=self.field, upload=upload)
        return self.program_answer(program)

    def clear(self, request):
        return self.program_answer(services.program_image_clear(store=self.store, actor=request.user, field=self.field))


class LogoView(ProgramImageView):
    field = "logo"

    @extend_schema(
        operation_id="loyalty_program_logo_set",
        summary="Upload the card's logo",
        request={"multipart/form-data": ImageUpload},
        responses={200: ProgramSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        return self.upload(request)

    @extend_schema(
        operation_id="loyalty_program_logo_remove",
        summary="Remove the card's logo",
        responses={200: ProgramSerializer, **ERRORS},
        tags=TAGS,
    )
    def delete(self, request, **kwargs):
        return self.clear(request)


class HeroImageView(ProgramImageView):
    field = "hero_image"

    @extend_schema(
        operation_id="loyalty_program_hero_image_set",
        summary="Upload the hero image (join page, wallet pass)",
        request={"multipart/form-data": ImageUpload},
        responses={200: ProgramSerializer, **ERRORS},
        tags=TAGS,
    )
    def post(self, request, **kwargs):
        return self.upload(request)

    @extend_schema(
        operation_id="loyalty_program_hero_image_remove",
        summary="Remove the hero image",
        responses={200: ProgramSerializer, **ERRORS},
        tags=TAGS,
    )
    def delete(self, request, **kwargs):
        return self.clear(request)
