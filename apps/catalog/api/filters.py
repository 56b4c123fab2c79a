"""Query parameters of the store API's product list. Values that do not parse (status=bogus,
category=abc, price_min=x) are a 400 naming the parameter, never a 500.

Search (`q`) and sorting (`ordering`) belong to selectors.product_list, which builds the list;
they are declared here so they are validated and documented with the rest."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, F, OuterRef, Q

from apps.core.api.filters import DecimalFilter, IntegerFilter

from ..models import InventoryItem, Product, Variant
from ..pricing import MAX_PRICE
from ..selectors import STORE_SORTS


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="applied_by_selector",
        max_length=200,
        help_text="Search titles and descriptions in every language, brand, SKU, GTIN and barcodes (typo-tolerant).",
    )
    status = django_filters.ChoiceFilter(choices=Product.Status.choices)
    category = IntegerFilter(method="filter_category", min_value=1, help_text="Category id.")
    brand = django_filters.CharFilter(field_name="brand", max_length=120, help_text="Exact brand.")
    sku = django_filters.CharFilter(
        method="filter_sku", max_length=64, help_text="Exact SKU of the product or one of its variants (any case)."
    )
    barcode = django_filters.CharFilter(
        method="filter_barcode", max_length=32, help_text="Exact barcode of a variant, or the product's GTIN."
    )
    in_stock = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_in_stock",
        help_text="true: some variant has stock available; false: none has.",
    )
    price_min = DecimalFilter(field_name="price", lookup_expr="gte", min_value=0, max_value=MAX_PRICE)
    price_max = DecimalFilter(field_name="price", lookup_expr="lte", min_value=0, max_value=MAX_PRICE)
    ordering = django_filters.ChoiceFilter(
        method="applied_by_selector",
        choices=[(key, key) for key in STORE_SORTS],
        help_text="Sort order; default newest.",
    )

    class Meta:
        model = Product
        fields = ["q", "status", "category", "brand", "sku", "barcode", "in_stock", "price_min", "price_max"]

    def applied_by_selector(self, queryset, _name, _value):
        return queryset

    def filter_category(self, queryset, _name, value):
        return queryset.filter(categories__pk=value)

    def filter_sku(self, queryset, _name, value):
        variants = Variant.objects.filter(sku__iexact=value.strip()).values("product_id")
        return queryset.filter(Q(sku__iexact=value.strip()) | Q(pk__in=variants))

    def filter_barcode(self, queryset, _name, value):
        variants = Variant.objects.filter(barcode=value.strip()).values("product_id")
        return queryset.filter(Q(gtin=value.strip()) | Q(pk__in=variants))

    def filter_in_stock(self, queryset, _name, value):
        available = Exists(InventoryItem.objects.filter(variant__product=OuterRef("pk"), quantity__gt=F("reserved")))
        return queryset.filter(available if value == "true" else ~available)
