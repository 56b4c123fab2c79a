"""Categories, as the store API shows and takes them."""

from __future__ import annotations

from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ...models import Category
from .common import Translations, texts_input


class CategorySerializer(serializers.ModelSerializer):
    name = Translations("name")
    description = Translations("description")
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    depth = serializers.SerializerMethodField(help_text="Level in the tree (0: top); in the tree listing only.")

    class Meta:
        model = Category
        fields = ["id", "parent", "slug", "name", "description", "position", "is_active", "depth", "updated_at"]
        read_only_fields = fields

    def get_depth(self, category) -> int | None:
        return getattr(category, "depth", None)


class CategoryInputSerializer(serializers.Serializer):
    name = texts_input(Category, "name", help_text="At least one language needs a name.")
    description = texts_input(Category, "description", required=False)
    parent = PlainNumberField(min_value=1, allow_null=True, required=False, help_text="Parent category id.")


class CategoryUpdateSerializer(CategoryInputSerializer):
    is_active = serializers.BooleanField(required=False, help_text="False hides it from the storefront.")
    position = PlainNumberField(
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text="Place among its siblings (under its parent after any `parent` change), 0 first; "
        "a number past the end puts it last. Its siblings are renumbered 0, 1, 2 ...",
    )
