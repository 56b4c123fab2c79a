"""What accounts hears: every failed password check (django.contrib.auth, whichever way in) and
every password reset through the shop's e-mail link (allauth)."""

from __future__ import annotations

from allauth.account.signals import password_reset
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from . import login_limits


@receiver(user_login_failed, dispatch_uid="accounts.login_failed_count")
def login_failed_count(credentials: dict, request=None, **kwargs) -> None:
    login = credentials.get("username") or credentials.get("email")
    if request is not None and login:
        login_limits.failed(request, str(login))


@receiver(password_reset, dispatch_uid="accounts.password_reset_remember")
def password_reset_remember(request, user, **kwargs) -> None:
    """Whoever set a new password through the e-mailed link holds the account's mailbox: this
    browser is known to the account from now on, so the per-account limit of an attack on it does
    not keep them out."""
    login_limits.remember(request, user.email)
