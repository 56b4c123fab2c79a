"""The join form of the store's enrolment page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.customer import EMAIL_MAX, NAME_MAX, REFERRAL_MAX, JoinRequest


class JoinForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=NAME_MAX)
    last_name = forms.CharField(label=_("Last name"), max_length=NAME_MAX, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=EMAIL_MAX)
    terms_accepted = forms.BooleanField(
        label=_("I accept the programme's terms and the use of my details to run my card."),
        error_messages={"required": _("Accept the programme's terms to join.")},
    )
    marketing_consent = forms.BooleanField(
        label=_("Send me offers and news by e-mail (optional)."),
        required=False,
    )
    referral_code = forms.CharField(
        label=_("Referral code"),
        max_length=REFERRAL_MAX,
        required=False,
        help_text=_("A friend's code, if they invited you."),
    )

    def join_request(self) -> JoinRequest:
        data = self.cleaned_data
        return JoinRequest(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data.get("last_name", ""),
            terms_accepted=data["terms_accepted"],
            marketing_consent=data.get("marketing_consent", False),
            referral_code=data.get("referral_code", ""),
        )
