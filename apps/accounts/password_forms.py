"""allauth's forms that check a password, changed to check it like every sign-in: through
authenticate() and its limits (apps.accounts.login_limits). A module of its own: allauth's forms
module imports apps.accounts.forms (the signup form class), so that one cannot import allauth's."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm


class ChangePasswordForm(AllauthChangePasswordForm):
    """allauth's password change; allauth compares the current password on the side."""

    def clean_oldpassword(self) -> str:
        if not get_adapter().reauthenticate(self.user, self.cleaned_data.get("oldpassword", "")):
            raise get_adapter().validation_error("enter_current_password")
        return self.cleaned_data["oldpassword"]
