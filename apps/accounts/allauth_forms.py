"""django-allauth's forms in the platform's words (ACCOUNT_FORMS): our labels, translated into every
language of the site, and no placeholders repeating them. Behaviour stays allauth's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

from . import password_forms

EMAIL = _("E-mail address")
PASSWORD = _("Password")
PASSWORD_AGAIN = _("Repeat the password")
NEW_PASSWORD = _("New password")
NEW_PASSWORD_AGAIN = _("Repeat the new password")


class OurLabels:
    """Relabels the fields named in `labels` and drops every placeholder; `quiet` fields lose
    their help text (the page shows it where it fits, e.g. the "Forgot your password?" link)."""

    labels: ClassVar[Mapping[str, str]] = {}
    quiet: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.quiet:
                field.help_text = ""
            field.widget.attrs.pop("placeholder", None)


class LoginForm(OurLabels, allauth_forms.LoginForm):
    labels = {"login": EMAIL, "password": PASSWORD, "remember": _("Keep me signed in")}
    quiet = ("password",)


class SignupForm(OurLabels, allauth_forms.SignupForm):
    labels = {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD_AGAIN}


class ResetPasswordForm(OurLabels, allauth_forms.ResetPasswordForm):
    labels = {"email": EMAIL}


class ResetPasswordKeyForm(OurLabels, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN}


class ChangePasswordForm(OurLabels, password_forms.ChangePasswordForm):
    labels = {"oldpassword": _("Current password"), "password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN}


class SetPasswordForm(OurLabels, allauth_forms.SetPasswordForm):
    labels = {"password1": PASSWORD, "password2": PASSWORD_AGAIN}


class AddEmailForm(OurLabels, allauth_forms.AddEmailForm):
    labels = {"email": EMAIL}


class ReauthenticateForm(OurLabels, allauth_forms.ReauthenticateForm):
    labels = {"password": PASSWORD}
    quiet = ("password",)
