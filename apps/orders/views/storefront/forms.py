"""Forms of the cart and checkout pages; the services check what they send."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from apps.core.forms import PlainNumberField


class AddToCartForm(forms.Form):
    variant = PlainNumberField(min_value=1, label=_("Variant"))
    quantity = PlainNumberField(min_value=1, max_value=settings.ORDERS["MAX_QUANTITY"], label=_("Quantity"))


class QuantityForm(forms.Form):
    quantity = PlainNumberField(min_value=1, max_value=settings.ORDERS["MAX_QUANTITY"], label=_("Quantity"))


class DiscountForm(forms.Form):
    code = forms.CharField(label=_("Discount code"), max_length=40)


class ContactForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    note = forms.CharField(label=_("Note for the shop"), max_length=500, required=False, widget=forms.Textarea)


class AddressForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    company = forms.CharField(label=_("Company"), max_length=120, required=False)
    line1 = forms.CharField(label=_("Street and number"), max_length=200)
    line2 = forms.CharField(label=_("Address line 2"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=16)
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.ChoiceField(label=_("Country"))
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    def __init__(self, *args, allowed: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        codes = allowed if allowed is not None else [code for code, _name in countries]
        self.fields["country"].choices = [(code, countries.name(code)) for code in codes]


class BillingChoiceForm(forms.Form):
    billing_same = forms.BooleanField(label=_("Billing address same as shipping"), required=False, initial=True)


def field_map(prefix: str) -> dict[str, str]:
    """Service error fields ("shipping_address.city") to this form's fields ("city")."""
    return {f"{prefix}.{name}": name for name in AddressForm.base_fields}
