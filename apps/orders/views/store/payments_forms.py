"""The form of the Payments page: offline methods and bank details."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PaymentSettingsForm(forms.Form):
    card_enabled = forms.BooleanField(label=_("Card payments (Stripe)"), required=False)
    bank_transfer_enabled = forms.BooleanField(label=_("Bank transfer"), required=False)
    account_holder = forms.CharField(label=_("Account holder"), max_length=120, required=False)
    iban = forms.CharField(
        label=_("IBAN"), max_length=42, required=False, help_text=_("Shown on the confirmation with the order number.")
    )
    bic = forms.CharField(label=_("BIC"), max_length=11, required=False)
    pay_at_pickup_enabled = forms.BooleanField(label=_("Cash or card at pickup"), required=False)
    invoice_enabled = forms.BooleanField(
        label=_("Invoice for known customers"),
        required=False,
        help_text=_("Signed-in customers who have ordered and paid before."),
    )
