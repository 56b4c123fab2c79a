"""Shapes of the store API's customers: output, input (checked by the services), list filters."""

from __future__ import annotations

from django.conf import settings
from django_countries import countries
from rest_framework import serializers

from ..selectors.customers import CUSTOMER_SORTS

YES_NO = [("true", "true"), ("false", "false")]


class AddressSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    company = serializers.CharField()
    line1 = serializers.CharField()
    line2 = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166 code, e.g. LU.")
    phone = serializers.CharField(help_text="E.164, e.g. +352621123456; empty when none.")
    is_default_shipping = serializers.BooleanField()
    is_default_billing = serializers.BooleanField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["country"] = str(instance.country)
        data["phone"] = str(instance.phone or "")
        return data


class CustomerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="display_number", help_text="The merchant's customer number, C-000123.")
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    phone = serializers.SerializerMethodField()
    language = serializers.CharField()
    marketing_consent = serializers.BooleanField()
    marketing_consent_at = serializers.DateTimeField(allow_null=True)
    notes = serializers.CharField()
    has_account = serializers.BooleanField()
    orders_count = serializers.IntegerField()
    total_spent = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Lifetime spend in EUR.")
    last_order_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_phone(self, customer) -> str:
        return str(customer.phone or "")


class CustomerDetailSerializer(CustomerSerializer):
    addresses = AddressSerializer(many=True, source="addresses.all")


class CustomerInputSerializer(serializers.Serializer):
    """Types only; the rules (valid e-mail, unique within the merchant, phone number, language)
    are the service's."""

    email = serializers.CharField(max_length=254)
    first_name = serializers.CharField(max_length=100, allow_blank=True, required=False)
    last_name = serializers.CharField(max_length=100, allow_blank=True, required=False)
    phone = serializers.CharField(max_length=32, allow_blank=True, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    marketing_consent = serializers.BooleanField(required=False)
    notes = serializers.CharField(max_length=5000, allow_blank=True, required=False)


class AddressInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    company = serializers.CharField(max_length=120, allow_blank=True, required=False)
    line1 = serializers.CharField(max_length=200)
    line2 = serializers.CharField(max_length=200, allow_blank=True, required=False)
    postal_code = serializers.CharField(max_length=16)
    city = serializers.CharField(max_length=100)
    country = serializers.ChoiceField(choices=list(countries))
    phone = serializers.CharField(max_length=32, allow_blank=True, required=False)
    is_default_shipping = serializers.BooleanField(required=False)
    is_default_billing = serializers.BooleanField(required=False)


class CustomerQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, required=False, help_text="Name, e-mail or number (C-000123).")
    has_account = serializers.ChoiceField(choices=YES_NO, required=False)
    marketing = serializers.ChoiceField(choices=YES_NO, required=False, help_text="Accepts marketing e-mails.")
    has_orders = serializers.ChoiceField(choices=YES_NO, required=False)
    country = serializers.ChoiceField(choices=list(countries), required=False, help_text="Of any address.")
    ordering = serializers.ChoiceField(choices=list(CUSTOMER_SORTS), required=False, help_text="Default newest.")
