"""Bulk changes to many products."""

from __future__ import annotations

from rest_framework import serializers

from apps.core.api.fields import PlainNumberField


class BulkInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[
            ("activate", "activate"),
            ("archive", "archive"),
            ("draft", "draft"),
            ("delete", "delete"),
            ("set_category", "set_category"),
            ("price_percent", "price_percent"),
            ("feature", "feature"),
            ("unfeature", "unfeature"),
        ],
        help_text="`delete` needs the catalog.delete permission.",
    )
    params = serializers.DictField(
        required=False,
        default=dict,
        help_text='set_category: {"category_id": 3}; price_percent: {"percent": "-10"}; others: {}.',
    )
    product_ids = serializers.ListField(
        child=PlainNumberField(min_value=1), min_length=1, max_length=10_000, help_text="Products to change."
    )
