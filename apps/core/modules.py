"""Pluggable modules. Each domain app declares one `Module` as the `platform_module` attribute of
its AppConfig; the registry assembles store navigation, the role/permission matrix, the setup
checklist and per-merchant gating from those declarations.

A permission code is "<module code>.<action>", so any permission names the module that gates it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .errors import ModuleDisabled, PermissionDenied
from .roles import Role


@dataclass(frozen=True)
class NavEntry:
    label: Any  # lazy translation
    url_name: str  # reversed with the store code as `code`
    permission: str
    icon: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: Any
    done: bool
    url: str = ""
    hint: Any = ""
    permission: str = ""  # the permission the linked page needs; no link for those without it


@dataclass(frozen=True)
class Module:
    code: str
    name: Any
    description: Any = ""
    # permission code -> the roles that hold it
    permissions: Mapping[str, tuple[Role, ...]] = field(default_factory=dict)
    navigation: tuple[NavEntry, ...] = ()
    dependencies: tuple[str, ...] = ()
    # False for the modules the platform cannot run without (store shell, team)
    switchable: bool = True
    # dotted path to a callable(store) -> Iterable[ChecklistItem]
    checklist: str = ""
    order: int = 100

    def __post_init__(self) -> None:
        for perm in self.permissions:
            if not perm.startswith(f"{self.code}."):
                raise ValueError(f"Permission {perm!r} must start with {self.code!r}.")


class ModuleRegistry:
    @cached_property
    def _modules(self) -> dict[str, Module]:
        found = [cfg.platform_module for cfg in apps.get_app_configs() if hasattr(cfg, "platform_module")]
        found += [module for cfg in apps.get_app_configs() for module in getattr(cfg, "platform_modules", ())]
        found.sort(key=lambda m: (m.order, m.code))
        modules = {m.code: m for m in found}
        for module in found:
            missing = set(module.dependencies) - modules.keys()
            if missing:
                raise ValueError(f"Module {module.code} depends on unknown {sorted(missing)}")
        return modules

    @cached_property
    def _matrix(self) -> dict[str, dict[Role, frozenset[str]]]:
        """module code -> role -> permissions of that module the role holds."""
        matrix: dict[str, dict[Role, frozenset[str]]] = {}
        for module in self._modules.values():
            per_role: dict[Role, set[str]] = {role: set() for role in Role}
            for perm, roles in module.permissions.items():
                for role in roles:
                    per_role[Role(role)].add(perm)
            matrix[module.code] = {role: frozenset(p) for role, p in per_role.items()}
        return matrix

    def all(self) -> list[Module]:
        return list(self._modules.values())

    def get(self, code: str) -> Module:
        return self._modules[code]

    def switchable(self) -> list[Module]:
        return [m for m in self._modules.values() if m.switchable]

    def enabled_codes(self, disabled: Iterable[str] = ()) -> frozenset[str]:
        """Modules on for a merchant that switched off `disabled`: a module whose dependency is
        off is off too. Modules that cannot be switched off stay on whatever is stored."""
        off = {code for code in disabled if code in self._modules and self._modules[code].switchable}
        enabled = {code for code in self._modules if code not in off}
        changed = True
        while changed:
            changed = False
            for code in list(enabled):
                if not set(self._modules[code].dependencies) <= enabled:
                    enabled.discard(code)
                    changed = True
        return frozenset(enabled)

    def permissions(self, role: str, enabled: Iterable[str]) -> frozenset[str]:
        role = Role(role)
        result: set[str] = set()
        for code in enabled:
            result |= self._matrix.get(code, {}).get(role, frozenset())
        return frozenset(result)

    def role_permissions(self, role: str) -> frozenset[str]:
        """Everything a role may do with every module on: what "grant no more than you hold"
        compares."""
        return self.permissions(role, self._modules.keys())

    def module_of(self, permission: str) -> Module:
        code = permission.split(".", 1)[0]
        try:
            return self._modules[code]
        except KeyError:
            raise ValueError(f"Permission {permission!r} belongs to no module") from None

    def check(self, *, permission: str, role: str | None, enabled: Iterable[str]) -> None:
        """Raise ModuleDisabled or PermissionDenied unless `role` may use `permission`."""
        module = self.module_of(permission)
        if module.code not in enabled:
            raise ModuleDisabled(
                _(
                    "The %(module)s module is not enabled for this merchant. "
                    "Ask the platform team to switch it on for your plan."
                )
                % {"module": module.name}
            )
        if role is None or permission not in self.permissions(role, enabled):
            raise PermissionDenied(_("Your role in this store does not allow this action."))

    def navigation(self, role: str, enabled: Iterable[str]) -> list[tuple[Module, NavEntry]]:
        allowed = self.permissions(role, enabled)
        return [
            (module, entry)
            for module in self._modules.values()
            if module.code in enabled
            for entry in module.navigation
            if entry.permission in allowed
        ]

    def checklist(self, store: Any, enabled: Iterable[str]) -> list[ChecklistItem]:
        items: list[ChecklistItem] = []
        for module in self._modules.values():
            if module.checklist and module.code in enabled:
                provider: Callable[[Any], Iterable[ChecklistItem]] = import_string(module.checklist)
                items.extend(provider(store))
        return items


registry = ModuleRegistry()
