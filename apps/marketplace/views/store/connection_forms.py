"""The form of the Letzshop settings page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ...letzshop import operations
from ...models import LetzshopConnection


class ConnectionForm(forms.Form):
    api_key = forms.CharField(
        label=_("API key"),
        required=False,
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("In your Letzshop vendor account: Settings › API. Leave empty to keep the saved key."),
    )
    default_carrier = forms.ChoiceField(
        label=_("Default carrier"),
        required=False,
        choices=[("", _("Choose when shipping")), *operations.CARRIERS.items()],
        help_text=_("Used for the tracking numbers sent to Letzshop when a shipment names no known carrier."),
    )
    auto_sync = forms.BooleanField(label=_("Sync new Letzshop orders automatically"), required=False)
    follow_feed_price = forms.BooleanField(label=_("Published products follow the feed's prices"), required=False)
    follow_feed_availability = forms.BooleanField(
        label=_("Published products follow the feed's availability"), required=False
    )
    gone_policy = forms.ChoiceField(
        label=_("Products gone from the feed"), choices=LetzshopConnection.GonePolicy.choices
    )
    scheduled_reimport = forms.BooleanField(label=_("Re-import the feeds every night"), required=False)


class TestForm(forms.Form):
    api_key = forms.CharField(required=False, max_length=500, strip=True)


class TrackingForm(forms.Form):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=list(operations.CARRIERS.items()))
    code = forms.CharField(label=_("Tracking number"), max_length=100, strip=True)
