from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Store
from .timezones import time_zone_choices


class StoreSettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = Store
        fields = ["name", "tagline", "contact_email", "contact_phone", "address", "language", "time_zone"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "contact_email": _("Shown on your storefront for customers to write to. Leave empty to show none."),
            "contact_phone": _("Shown on your storefront. Leave empty to show none."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the store's own zone stays valid even when it is an old name no longer offered
        self.fields["time_zone"].choices = time_zone_choices(current=self.instance.time_zone if self.instance else "")


class DomainAddForm(forms.Form):
    domain = forms.CharField(
        label=_("Domain"),
        max_length=253,
        widget=forms.TextInput(attrs={"placeholder": "shop.example.lu", "spellcheck": "false"}),
    )
    merchant_wide = forms.BooleanField(
        label=_("Use for all stores of the company"),
        required=False,
        help_text=_("A merchant-wide domain serves every store of the company at /store/CODE/."),
    )
