"""The settings pages' forms. They only parse what was typed (numbers through PlainNumberField);
the bounds and rules are the services' (their errors land on the fields by name)."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.core.forms import PlainNumberField

from ...models import Program, Reward, Tier
from ...services.program import BOUNDS, FIELDS

HELP = {
    "stamps_target": _("From 1 to 50 stamps."),
    "points_per_euro": _("E.g. 10: a purchase of 25.00 EUR earns 250 points."),
    "points_expiry_months": _("Leave empty: points never expire."),
    "expiry_warning_days": _("The customer gets an e-mail this many days before the points expire."),
    "stamp_cooldown_minutes": _("0 to 1440 minutes; 0 allows stamps back to back."),
    "max_stamps_per_day": _("From 1 to 100."),
    "pin_max_attempts": _("From 1 to 20 wrong tries."),
    "stamps_reward_value": _("What the stamp reward is worth as a discount online; empty: not online."),
}
COLOUR_FIELDS = ("card_colour", "text_colour")


def _form_field(model: type[models.Model], name: str) -> forms.Field:
    field = model._meta.get_field(name)
    common = {"label": capfirst(field.verbose_name), "help_text": HELP.get(name, "")}
    if name in COLOUR_FIELDS:
        return forms.CharField(max_length=7, widget=forms.TextInput(attrs={"type": "color"}), **common)
    if isinstance(field, models.BooleanField):
        return forms.BooleanField(required=False, **common)
    low, high = BOUNDS.get(name, (0, None)) if model is Program else (0, None)
    if isinstance(field, models.DecimalField):
        return PlainNumberField(
            decimal_places=field.decimal_places, min_value=low, max_value=high, required=not field.null, **common
        )
    if isinstance(field, models.IntegerField):
        return PlainNumberField(min_value=low, max_value=high, required=not field.null, **common)
    return field.formfield(**common)


def _fields(model: type[models.Model], names: tuple[str, ...]) -> dict[str, forms.Field]:
    return {name: _form_field(model, name) for name in names}


ProgramForm = type("ProgramForm", (forms.Form,), _fields(Program, FIELDS))
ProgramForm.__doc__ = "Every setting of the programme (not its on/off switch and images)."
ProgramForm.base_fields["kind"].widget = forms.RadioSelect(choices=Program.Kind.choices)
ProgramForm.base_fields["terms"].widget = forms.Textarea(attrs={"rows": 3})

RewardForm = type("RewardForm", (forms.Form,), _fields(Reward, ("name", "points_cost", "online_value")))
TierForm = type("TierForm", (forms.Form,), _fields(Tier, ("name", "threshold", "multiplier")))


class ImageForm(forms.Form):
    logo = forms.FileField(label=_("Logo"), required=False, help_text=_("JPEG, PNG or WebP, at most 2 MB."))
    hero_image = forms.FileField(
        label=_("Hero image"), required=False, help_text=_("A wide picture for the join page and the wallet pass.")
    )


class PinForm(forms.Form):
    name = forms.CharField(label=_("Staff name"), max_length=80)
    pin = forms.CharField(
        label=_("PIN"),
        min_length=4,
        max_length=6,
        help_text=_("4 to 6 digits."),
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )


class PinResetForm(forms.Form):
    pin = forms.CharField(
        label=_("New PIN"),
        min_length=4,
        max_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )
