from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from apps.core.roles import Role

from . import login_limits
from .models import User


class CustomerSignupForm(forms.Form):
    """Extra fields on allauth's storefront signup."""

    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)

    def signup(self, request, user):
        user.full_name = self.cleaned_data.get("full_name", "")
        user.save(update_fields=["full_name"])


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password, user=User(email=self.email, full_name=self.data.get("full_name", "")))
        return password


class ProfileForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Store default")), *settings.LANGUAGES], required=False
    )

    class Meta:
        model = User
        fields = ["full_name", "language"]


class AdminLoginForm(AdminAuthenticationForm):
    """Django admin's sign-in, under the platform's sign-in limits: a refused client is told so."""

    def get_invalid_login_error(self):
        refusal = login_limits.refusal(self.request)
        if refusal is not None:
            return forms.ValidationError(refusal.message, code="too_many_login_attempts")
        return super().get_invalid_login_error()
