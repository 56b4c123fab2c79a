"""Password sign-in, limited (apps.accounts.login_limits): Django's ModelBackend, asked first by
authenticate() (settings.AUTHENTICATION_BACKENDS), so that no password of any way in is compared
while the client is refused. A refusal raises PermissionDenied, which makes authenticate() stop,
ask no other backend and answer "no user"; the caller finds out why with login_limits.refusal()."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import login_limits

# The backend a session records when a view signs someone in without a password (a one-time link).
SIGN_IN_BACKEND = "apps.accounts.backends.LimitedModelBackend"


class LimitedModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        login = username if username is not None else kwargs.get(get_user_model().USERNAME_FIELD)
        if request is None or password is None or login is None:
            # not a password sign-in of a web client (a script, a test's client.login())
            return super().authenticate(request, username=username, password=password, **kwargs)
        if login_limits.check(request, login) is not None:
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            login_limits.succeeded(request, login)
        return user
