"""Role rules of the team services. Who may open a store page or call the store API is decided in
one place, the access bases (access.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from apps.core.errors import PermissionDenied
from apps.core.modules import registry

from .errors import AccountsErrorCode


def check_can_grant(*, actor_role: str, role: str) -> None:
    """Nobody grants (or acts on a member holding) more than they hold themselves."""
    if not registry.role_permissions(role) <= registry.role_permissions(actor_role):
        raise PermissionDenied(
            _("You cannot grant or change a role with more rights than your own."),
            code=AccountsErrorCode.ROLE_TOO_HIGH,
            fields={"role": [_("You cannot grant a role with more rights than your own.")]},
        )
