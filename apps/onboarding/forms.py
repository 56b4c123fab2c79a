from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MerchantSignupForm(forms.Form):
    company = forms.CharField(label=_("Company name"), max_length=200)
    store_name = forms.CharField(label=_("Store name"), max_length=120)
    store_code = forms.CharField(
        label=_("Store code"),
        max_length=30,
        help_text="",  # set in __init__ with the platform's domain, in the request's language
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    owner_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    language = forms.ChoiceField(label=_("Store language"), choices=settings.LANGUAGES, initial="en", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store_code"].help_text = _(
            "2–30 letters, digits or hyphens. Your store's address will be CODE.%(domain)s"
        ) % {"domain": settings.PLATFORM_DOMAIN}
