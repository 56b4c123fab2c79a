"""Store permission checks, shared by store pages and the store API. Roles come from the user's
membership in the store; what a role may do comes from the module registry."""

from __future__ import annotations

from django.utils.translation import gettext as _

from apps.core.errors import PermissionDenied
from apps.core.modules import registry

from .errors import AccountsErrorCode
from .selectors import membership_get


def store_role(request, store) -> str | None:
    """The user's role in `store`, looked up once per request."""
    cache = request.__dict__.setdefault("_store_roles", {})
    if store.id not in cache:
        membership = membership_get(user=request.user, store=store)
        cache[store.id] = membership.role if membership else None
    return cache[store.id]


def store_permissions(request, store) -> frozenset[str]:
    role = store_role(request, store)
    if role is None:
        return frozenset()
    return registry.permissions(role, store.merchant.enabled_modules)


def check_store_permission(request, store, permission: str) -> str:
    """Raise ModuleDisabled / PermissionDenied, else return the role."""
    role = store_role(request, store)
    registry.check(permission=permission, role=role, enabled=store.merchant.enabled_modules)
    return role


def check_can_grant(*, actor_role: str, role: str) -> None:
    """Nobody grants (or acts on a member holding) more than they hold themselves."""
    if not registry.role_permissions(role) <= registry.role_permissions(actor_role):
        raise PermissionDenied(
            _("You cannot grant or change a role with more rights than your own."),
            code=AccountsErrorCode.ROLE_TOO_HIGH,
            fields={"role": [_("You cannot grant a role with more rights than your own.")]},
        )
