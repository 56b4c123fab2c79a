"""Step 1 of the setup wizard, owned by onboarding: the merchant's profile (company, VAT number,
address, contact, logo; kept on tenancy's Merchant and Store) and whether the merchant sells on
Letzshop, which decides whether the marketplace's steps apply."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from phonenumber_field.formfields import PhoneNumberField

from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed
from apps.core.modules import StepContext, StepOutcome, WizardStepHandler

# VAT numbers of the EU, by country prefix: Luxembourg's exactly (LU + 8 digits), the others by
# their usual shape (the tax office checks the rest)
VAT_PATTERNS = {
    "LU": r"\d{8}",
    "AT": r"U\d{8}",
    "BE": r"[01]\d{9}",
    "BG": r"\d{9,10}",
    "CY": r"\d{8}[A-Z]",
    "CZ": r"\d{8,10}",
    "DE": r"\d{9}",
    "DK": r"\d{8}",
    "EE": r"\d{9}",
    "EL": r"\d{9}",
    "ES": r"[0-9A-Z]\d{7}[0-9A-Z]",
    "FI": r"\d{8}",
    "FR": r"[0-9A-Z]{2}\d{9}",
    "HR": r"\d{11}",
    "HU": r"\d{8}",
    "IE": r"[0-9A-Z+*]{8,9}",
    "IT": r"\d{11}",
    "LT": r"\d{9}|\d{12}",
    "LV": r"\d{11}",
    "MT": r"\d{8}",
    "NL": r"\d{9}B\d{2}",
    "PL": r"\d{10}",
    "PT": r"\d{9}",
    "RO": r"\d{2,10}",
    "SE": r"\d{12}",
    "SI": r"\d{8}",
    "SK": r"\d{10}",
}


def vat_number_clean(value: str) -> str:
    """The VAT number without spaces, dots or dashes, upper-case; ValidationError unless it has the
    shape of its country's numbers."""
    number = re.sub(r"[\s.\-]", "", value or "").upper()
    pattern = VAT_PATTERNS.get(number[:2])
    if pattern is None:
        raise forms.ValidationError(_("Start the VAT number with its EU country code, for example LU12345678."))
    if not re.fullmatch(pattern, number[2:]):
        if number.startswith("LU"):
            raise forms.ValidationError(_("A Luxembourg VAT number is LU followed by 8 digits."))
        raise forms.ValidationError(_("This does not look like a valid VAT number for its country."))
    return number


class MerchantProfileForm(forms.Form):
    company = forms.CharField(label=gettext_lazy("Company name"), max_length=200)
    vat_number = forms.CharField(
        label=gettext_lazy("VAT number"), max_length=32, help_text=gettext_lazy("For example LU12345678.")
    )
    street = forms.CharField(label=gettext_lazy("Street and number"), max_length=200)
    postcode = forms.CharField(label=gettext_lazy("Postcode"), max_length=20)
    city = forms.CharField(label=gettext_lazy("City"), max_length=100)
    country = forms.ChoiceField(label=gettext_lazy("Country"), choices=countries, initial="LU")
    contact_email = forms.EmailField(label=gettext_lazy("Contact e-mail"))
    contact_phone = PhoneNumberField(label=gettext_lazy("Contact phone"), region="LU")
    logo = forms.ImageField(label=gettext_lazy("Logo"), required=False)
    sells_on_letzshop = forms.TypedChoiceField(
        label=gettext_lazy("Do you sell on Letzshop?"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=gettext_lazy("If not, the Letzshop steps are skipped: you can connect Letzshop later."),
    )

    def clean_vat_number(self) -> str:
        return vat_number_clean(self.cleaned_data["vat_number"])


class MerchantProfileStep(WizardStepHandler):
    template = "onboarding/steps/merchant_profile.html"
    form_class = MerchantProfileForm

    def read(self, ctx: StepContext) -> dict[str, Any]:
        store, merchant = ctx.store, ctx.store.merchant
        sells = ctx.answers.get("sells_on_letzshop")
        return {
            "company": merchant.name,
            "vat_number": merchant.vat_number,
            "street": merchant.street,
            "postcode": merchant.postcode,
            "city": merchant.city,
            "country": merchant.country or "LU",
            # the public contact starts empty: never the owner's login address unless they choose it
            "contact_email": store.contact_email,
            "contact_phone": store.contact_phone,
            "logo": merchant.logo.url if merchant.logo else "",
            "sells_on_letzshop": None if sells is None else ("yes" if sells else "no"),
        }

    def save(self, ctx: StepContext) -> StepOutcome:
        form = self.form(ctx)
        if not form.is_valid():
            fields = {name: list(errors) for name, errors in form.errors.items()}
            raise ValidationFailed(next(iter(fields.values()))[0], fields=fields)
        values = form.cleaned_data
        store, merchant = ctx.store, ctx.store.merchant
        with transaction.atomic():
            merchant.name, merchant.vat_number = values["company"].strip(), values["vat_number"]
            merchant.street, merchant.postcode = values["street"].strip(), values["postcode"].strip()
            merchant.city, merchant.country = values["city"].strip(), values["country"]
            update = ["name", "vat_number", "street", "postcode", "city", "country", "updated_at"]
            if values.get("logo"):
                merchant.logo.save(values["logo"].name, values["logo"], save=False)
                update.append("logo")
            merchant.save(update_fields=update)
            store.contact_email, store.contact_phone = values["contact_email"], values["contact_phone"].as_e164
            store.save(update_fields=["contact_email", "contact_phone", "updated_at"])
            audit_record(actor=ctx.actor, action="merchant.profile", target=merchant.name, store=store)
        return StepOutcome(done=True, answers={"sells_on_letzshop": values["sells_on_letzshop"]})
