"""Option types (size, colour ...) with their values, as the store API shows and takes them."""

from __future__ import annotations

from rest_framework import serializers

from apps.core.api.fields import PlainNumberField

from ...models import OptionType, OptionValue
from .common import Translations, texts_input


class OptionTypeValueSerializer(serializers.ModelSerializer):
    value = Translations("value")

    class Meta:
        model = OptionValue
        fields = ["id", "value", "position"]
        read_only_fields = fields


class OptionTypeSerializer(serializers.ModelSerializer):
    """A way variants differ ("Size") with its values in order; variants name values by id
    (`option_value_ids`)."""

    name = Translations("name")
    values = OptionTypeValueSerializer(many=True, read_only=True)

    class Meta:
        model = OptionType
        fields = ["id", "name", "position", "values", "created_at", "updated_at"]
        read_only_fields = fields


class OptionValueInputSerializer(serializers.Serializer):
    value = texts_input(OptionValue, "value", help_text="At least one language needs a text.")


class OptionTypeInputSerializer(serializers.Serializer):
    name = texts_input(OptionType, "name", help_text="At least one language needs a name.")
    values = OptionValueInputSerializer(many=True, required=False, max_length=1_000, help_text="In display order.")


class OptionValueChangeSerializer(serializers.Serializer):
    id = PlainNumberField(
        min_value=1, required=False, help_text="A value of this option to keep; left out: a new value."
    )
    value = texts_input(
        OptionValue,
        "value",
        required=False,
        help_text="New: at least one language. Kept: the languages sent change, the others stay.",
    )


class OptionTypeUpdateSerializer(serializers.Serializer):
    name = texts_input(OptionType, "name", required=False)
    values = OptionValueChangeSerializer(
        many=True,
        required=False,
        max_length=1_000,
        help_text="Left out: the values stay as they are. Sent: the whole list in its new order; "
        "values left out of it are deleted.",
    )
