"""The curation pages' forms: they read what the merchant typed and hand the services their input
shapes (customisation.py documents the customisation); the services check it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.forms import PlainNumberField

from .customisation import ROUNDINGS, VAT_RATES

LANGUAGES = list(settings.LANGUAGES)
RULE_KINDS = [("", _("Feed price")), ("percent", _("Markup in %")), ("fixed", _("Fixed amount"))]
ROUNDING_CHOICES = [("", _("No rounding")), ("0.90", _("Up to .90")), ("0.99", _("Up to .99"))]
VAT_CHOICES = [("", _("Store default"))] + [(str(rate), f"{rate.normalize()} %") for rate in VAT_RATES]
BULK_ACTIONS = [
    ("publish", _("Publish")),
    ("unpublish", _("Unpublish")),
    ("select", _("Mark as selected")),
    ("deselect", _("Unmark as selected")),
    ("price_rule", _("Apply a price rule")),
    ("categories", _("Set categories")),
]
assert [code for code, _label in ROUNDING_CHOICES] == list(ROUNDINGS)


class CustomisationForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), required=False, max_length=64, help_text=_("Empty: the feed id."))
    rule_kind = forms.ChoiceField(label=_("Price rule"), choices=RULE_KINDS, required=False)
    rule_value = PlainNumberField(
        label=_("Markup"), decimal_places=2, required=False, help_text=_("e.g. 10 (%) or 2.50 (EUR).")
    )
    rule_rounding = forms.ChoiceField(label=_("Rounding"), choices=ROUNDING_CHOICES, required=False)
    stock = PlainNumberField(
        label=_("Stock"), min_value=0, required=False, help_text=_("Empty: from the feed's availability.")
    )
    vat_rate = forms.ChoiceField(label=_("VAT rate"), choices=VAT_CHOICES, required=False)
    category_ids = forms.TypedMultipleChoiceField(label=_("Store categories"), coerce=int, required=False)
    images = forms.MultipleChoiceField(
        label=_("Images"), required=False, widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: all.")
    )

    def __init__(self, *args, categories=(), image_urls=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category_ids"].choices = list(categories)
        if not self.fields["category_ids"].choices:
            self.fields["category_ids"].help_text = _("Your store has no category yet: add some under Categories.")
        self.fields["images"].choices = [(url, url.rsplit("/", 1)[-1] or url) for url in image_urls]
        for code, name in LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(label=_("Title (%s)") % name, required=False, max_length=200)
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%s)") % name, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    @classmethod
    def initial_of(cls, customisation: dict[str, Any]) -> dict[str, Any]:
        rule = customisation.get("price_rule") or {}
        initial = {
            "sku": customisation.get("sku", ""),
            "rule_kind": rule.get("kind", ""),
            "rule_value": rule.get("value", ""),
            "rule_rounding": rule.get("rounding", ""),
            "stock": customisation.get("stock", ""),
            "vat_rate": customisation.get("vat_rate", ""),
            "category_ids": customisation.get("category_ids", []),
            "images": customisation.get("images", []),
        }
        for code, _name in LANGUAGES:
            initial[f"title_{code}"] = (customisation.get("titles") or {}).get(code, "")
            initial[f"description_{code}"] = (customisation.get("descriptions") or {}).get(code, "")
        return initial

    def changes(self) -> dict[str, Any]:
        """The customisation in the services' shape (empty fields: back to the feed's values)."""
        data = self.cleaned_data
        kind = data.get("rule_kind")
        rule = {"kind": kind, "value": str(data.get("rule_value") or 0), "rounding": data.get("rule_rounding") or ""}
        return {
            "sku": data.get("sku") or None,
            "price_rule": rule if kind else None,
            "stock": data.get("stock"),
            "vat_rate": data.get("vat_rate") or None,
            "category_ids": data.get("category_ids") or None,
            "images": data.get("images") or None,
            "titles": {code: data.get(f"title_{code}", "") for code, _name in LANGUAGES},
            "descriptions": {code: data.get(f"description_{code}", "") for code, _name in LANGUAGES},
        }

    FIELD_MAP = {
        "price_rule.kind": "rule_kind",
        "price_rule.value": "rule_value",
        "price_rule.rounding": "rule_rounding",
        **{f"titles.{code}": f"title_{code}" for code, _name in LANGUAGES},
        **{f"descriptions.{code}": f"description_{code}" for code, _name in LANGUAGES},
    }
