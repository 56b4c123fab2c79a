"""Pluggable modules. Each domain app declares one `Module` as the `platform_module` attribute of
its AppConfig; the registry assembles store navigation, the role/permission matrix, the setup
checklist, per-merchant gating, the project's URLconfs and the job handlers from those
declarations, so an app plugs in by its declaration alone.

A permission code is "<module code>.<action>", so any permission names the module that gates it;
a job kind is "<module code>.<name>" the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import include, path
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .errors import ModuleDisabled, PermissionDenied, ValidationFailed
from .roles import Role


@dataclass(frozen=True)
class NavEntry:
    label: Any  # lazy translation
    url_name: str  # reversed with the store code as `code`
    permission: str
    icon: str = ""


@dataclass(frozen=True)
class Feature:
    """Something a module offers merchants today, as the platform's public site tells it."""

    title: Any  # lazy translation
    text: Any = ""


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: Any
    done: bool
    # the permission needed to act on the item (and to open its page): only its holders see it
    permission: str
    url: str = ""
    hint: Any = ""


@dataclass(frozen=True)
class DashboardStat:
    """One figure of a dashboard widget: "Today's sales: 123.40 EUR"."""

    label: Any
    value: str
    url: str = ""
    hint: Any = ""


@dataclass(frozen=True)
class DashboardBar:
    """One bar of a widget's chart; `text` is the value as shown (the table and the bar's title)."""

    label: str
    value: float
    text: str


@dataclass(frozen=True)
class DashboardWidget:
    """What a module shows on the store dashboard, as plain data the dashboard renders: figures and
    an optional bar chart (server-rendered SVG with a table of the same numbers)."""

    key: str
    title: Any
    # only members whose role holds it see the widget
    permission: str
    stats: tuple[DashboardStat, ...] = ()
    chart_title: Any = ""
    bars: tuple[DashboardBar, ...] = ()

    # the chart's drawing box: each bar takes CHART_STEP units of width, the tallest CHART_HEIGHT
    CHART_STEP = 10
    CHART_HEIGHT = 100

    @property
    def chart_width(self) -> int:
        return len(self.bars) * self.CHART_STEP

    @property
    def chart(self) -> list[dict[str, Any]]:
        """The bars with their rectangles in the chart's box (x, y, width, height)."""
        top = max((bar.value for bar in self.bars), default=0) or 1
        rows = []
        for index, bar in enumerate(self.bars):
            height = round(self.CHART_HEIGHT * max(bar.value, 0) / top, 2)
            rows.append(
                {
                    "bar": bar,
                    "x": index * self.CHART_STEP + 1,
                    "width": self.CHART_STEP - 2,
                    "y": round(self.CHART_HEIGHT - height, 2),
                    "height": height,
                }
            )
        return rows


class StepIntegrationFailed(ValidationFailed):
    """A wizard step could not reach an outside service (a wrong key, a timeout): the message is
    the plain failure to show; the wizard reports it as an integration failure, not bad input."""


@dataclass(frozen=True)
class StepOutcome:
    """What saving a wizard step gave: whether the step is done, the answers it adds to the
    wizard's (e.g. {"sells_on_letzshop": False}) and data to show."""

    done: bool = True
    answers: Mapping[str, Any] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepContext:
    """What a wizard step's handler works on: the store being set up, the wizard's answers so far,
    and for a save or an action the member, the submitted data and files (`data` None: reading)."""

    store: Any
    answers: Mapping[str, Any]
    actor: Any = None
    data: Any = None
    files: Any = None
    action: str = ""


class WizardStepHandler:
    """The behaviour of one setup wizard step. A module subclasses it; the wizard (apps.onboarding)
    calls it with the store being set up. `save` validates and stores where the data belongs and
    raises the module's ValidationFailed (StepIntegrationFailed for an outside service); `act` runs
    an extra action of the step (a connection test, a preview, starting a job). A handler may define
    is_applicable(store, answers) -> bool too."""

    # the template of the step's section of the wizard page (gets `form`, `step`, `result`, `saved`)
    template: str = ""
    # the extra actions `act` understands
    actions: tuple[str, ...] = ()
    # the step's page form (its fields are the step's data), or None
    form_class: type | None = None

    def read(self, ctx: StepContext) -> dict[str, Any]:
        """What the step shows: the values saved so far."""
        raise NotImplementedError

    def form(self, ctx: StepContext) -> Any:
        """The page form: bound to the submitted data, else filled with what read() gives."""
        if self.form_class is None:
            return None
        if ctx.data is None:
            return self.form_class(initial=self.read(ctx))
        return self.form_class(ctx.data, ctx.files)

    def save(self, ctx: StepContext) -> StepOutcome:
        """Validate and store the step's data; raise ValidationFailed (or StepIntegrationFailed)."""
        raise NotImplementedError

    def act(self, ctx: StepContext) -> StepOutcome:
        """Run `ctx.action`, one of `actions` (the wizard offers no other); acting never finishes a
        step."""
        raise NotImplementedError


@dataclass(frozen=True)
class WizardStep:
    """One step of the mandatory setup wizard a new store goes through, declared by the module it
    configures. Steps run in `order` across modules; a step with `requires_answer` is not
    applicable once an earlier step answered it false (e.g. "sells_on_letzshop": no)."""

    key: str
    title: Any
    order: int
    # dotted path of a WizardStepHandler subclass
    handler: str
    requires_answer: str = ""
    # the time a step takes when no merchant finished it yet (the wizard's estimate)
    default_seconds: int = 180

    def __post_init__(self) -> None:
        if not self.key.isidentifier() or not isinstance(self.handler, str) or "." not in self.handler:
            raise ValueError(f"A wizard step needs an identifier key and a handler's dotted path: {self!r}.")

    @cached_property
    def behaviour(self) -> WizardStepHandler:
        return import_string(self.handler)()

    def is_applicable(self, store: Any, answers: Mapping[str, Any]) -> bool:
        # not yet answered: the step may still come
        if self.requires_answer and self.requires_answer in answers and not answers[self.requires_answer]:
            return False
        # a handler may also decide by itself: is_applicable(store, answers) -> bool
        decide = getattr(self.behaviour, "is_applicable", None)
        return decide is None or bool(decide(store, answers))


class Surface(StrEnum):
    """Where a module's URL modules are mounted (see ModuleRegistry.urlpatterns)."""

    STORE = "store"  # store pages: /store/<code>/..., namespace "store" (a mount's own nests in it)
    STOREFRONT = "storefront"  # the store domain's root, namespace "storefront" or the mount's own
    API = "api"  # /api/v1/ on store domains, no namespace
    PUBLIC = "public"  # the platform domain's root, namespace "public" or the mount's own


# surface -> (its namespace, whether a mount's namespace nests inside it rather than replacing it)
_SURFACES: dict[Surface, tuple[str, bool]] = {
    Surface.STORE: ("store", True),
    Surface.STOREFRONT: ("storefront", False),
    Surface.API: ("", False),
    Surface.PUBLIC: ("public", False),
}


@dataclass(frozen=True)
class UrlMount:
    """One URL module of a module: `module` is the dotted path of a module with `urlpatterns`,
    mounted at `prefix` below its surface's root, in `namespace` (see Surface)."""

    module: str
    prefix: str = ""
    namespace: str = ""

    def __post_init__(self) -> None:
        if self.prefix.startswith("/") or (self.prefix and not self.prefix.endswith("/")):
            raise ValueError(f"URL prefix {self.prefix!r} must be empty or end (not start) with '/'.")


class JobQueue(StrEnum):
    """The lanes of background work, each with its own worker processes (CELERY_TASK_QUEUES):
    interactive work (e-mails, small jobs) never waits behind bulk work, and backfill (demo
    pictures) runs only while nothing else waits."""

    INTERACTIVE = "interactive"
    BULK = "bulk"
    BACKFILL = "backfill"


@dataclass(frozen=True)
class JobKind:
    """A kind of background job a module runs on the jobs runner (apps.jobs)."""

    # dotted path to a callable(ctx: apps.jobs.runner.JobContext) -> dict | None (the job's result)
    handler: str
    # dotted path to a callable(*, store, params: dict) -> dict: the cleaned parameters, or raises
    # the app's ValidationFailed. Required: job_queue runs it before anything is stored, so a
    # handler only ever sees parameters of the types it expects.
    validator: str
    queue: JobQueue = JobQueue.INTERACTIVE
    # a job of a bulk kind over at most this many items (its total) is small: it runs on the
    # interactive queue (0: never)
    interactive_up_to: int = 0
    # who may start and cancel such a job; following its progress needs "<module>.view"
    permission: str = ""

    def __post_init__(self) -> None:
        for name in ("handler", "validator"):
            value = getattr(self, name)
            if not isinstance(value, str) or "." not in value.strip("."):
                raise ValueError(f"A job kind needs a {name}: the dotted path of a callable, not {value!r}.")

    def queue_for(self, *, total: int) -> JobQueue:
        """The queue a job of this kind over `total` items runs on."""
        if self.queue == JobQueue.BULK and 0 < total <= self.interactive_up_to:
            return JobQueue.INTERACTIVE
        return self.queue


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
    # dotted path to a callable(store) -> Iterable[DashboardWidget]
    dashboard: str = ""
    order: int = 100
    # URL modules, mounted in module order on each surface (see Surface)
    store_urls: tuple[UrlMount, ...] = ()
    storefront_urls: tuple[UrlMount, ...] = ()
    api_urls: tuple[UrlMount, ...] = ()
    public_urls: tuple[UrlMount, ...] = ()
    # job kind ("<code>.<name>") -> how the jobs runner runs it
    jobs: Mapping[str, JobKind] = field(default_factory=dict)
    # what the module offers merchants, listed on the platform's home and pricing pages: the site
    # promises what the installed modules do, and grows as modules are added
    features: tuple[Feature, ...] = ()
    # panels the module adds to other modules' pages: slot (e.g. "orders.order_detail") -> dotted
    # path of a callable(request, store, obj) -> dict | None: {"template": ..., **its context}, or
    # None when it has nothing to show for `obj` (see ModuleRegistry.panels)
    panels: Mapping[str, str] = field(default_factory=dict)
    # steps of the mandatory setup wizard of a new store (see WizardStep)
    wizard_steps: tuple[WizardStep, ...] = ()

    def __post_init__(self) -> None:
        for perm in self.permissions:
            if not perm.startswith(f"{self.code}."):
                raise ValueError(f"Permission {perm!r} must start with {self.code!r}.")
        for kind, spec in self.jobs.items():
            if not kind.startswith(f"{self.code}."):
                raise ValueError(f"Job kind {kind!r} must start with {self.code!r}.")
            if spec.permission and not spec.permission.startswith(f"{self.code}."):
                raise ValueError(f"Job permission {spec.permission!r} must start with {self.code!r}.")

    def mounts(self, surface: Surface) -> tuple[UrlMount, ...]:
        return getattr(self, f"{Surface(surface).value}_urls")


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

    def knows_permission(self, permission: str) -> bool:
        """Whether a module declares `permission`."""
        module = self._modules.get(permission.split(".", 1)[0])
        return module is not None and permission in module.permissions

    def check_enabled(self, code: str, enabled: Iterable[str]) -> None:
        """Raise ModuleDisabled unless the module `code` is among `enabled`."""
        if code not in enabled:
            raise ModuleDisabled(
                _(
                    "The %(module)s module is not enabled for this merchant. "
                    "Ask the platform team to switch it on for your plan."
                )
                % {"module": self.get(code).name}
            )

    def check(self, *, permission: str, role: str | None, enabled: Iterable[str]) -> None:
        """Raise ModuleDisabled or PermissionDenied unless `role` may use `permission`."""
        self.check_enabled(self.module_of(permission).code, enabled)
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

    def checklist(self, store: Any, enabled: Iterable[str], allowed: Collection[str]) -> list[ChecklistItem]:
        """The setup checklist of the enabled modules, as far as a member holding the `allowed`
        permissions can act on it: a cashier is not shown the owner's tasks."""
        items: list[ChecklistItem] = []
        for module in self._modules.values():
            if module.checklist and module.code in enabled:
                provider: Callable[[Any], Iterable[ChecklistItem]] = import_string(module.checklist)
                items.extend(item for item in provider(store) if item.permission in allowed)
        return items

    def dashboard(self, store: Any, enabled: Iterable[str], allowed: Collection[str]) -> list[DashboardWidget]:
        """The dashboard widgets of the enabled modules a member holding `allowed` may see."""
        widgets: list[DashboardWidget] = []
        for module in self._modules.values():
            if module.dashboard and module.code in enabled:
                provider: Callable[[Any], Iterable[DashboardWidget]] = import_string(module.dashboard)
                widgets.extend(widget for widget in provider(store) if widget.permission in allowed)
        return widgets

    def panels(self, slot: str, request: Any, store: Any, obj: Any, enabled: Iterable[str]) -> list[dict[str, Any]]:
        """The panels the enabled modules add to the page `slot` showing `obj`, in module order:
        each a dict with the "template" to include and its context. A page of a lower app shows
        what higher modules add without importing them."""
        enabled = set(enabled)
        found: list[dict[str, Any]] = []
        for module in self._modules.values():
            path = module.panels.get(slot)
            if path and module.code in enabled:
                provider: Callable[[Any, Any, Any], dict[str, Any] | None] = import_string(path)
                panel = provider(request, store, obj)
                if panel:
                    found.append(panel)
        return found

    def features(self, codes: Iterable[str] | None = None) -> list[Feature]:
        """The features of the installed modules (or of those among `codes`), in module order."""
        wanted = None if codes is None else set(codes)
        return [
            feature
            for module in self._modules.values()
            if wanted is None or module.code in wanted
            for feature in module.features
        ]

    def wizard_steps(self, enabled: Iterable[str]) -> list[WizardStep]:
        """The setup wizard's steps of the enabled modules, in step order (a key used twice is an
        error)."""
        steps = sorted(
            (step for module in self._modules.values() if module.code in enabled for step in module.wizard_steps),
            key=lambda step: (step.order, step.key),
        )
        keys = [step.key for step in steps]
        if len(keys) != len(set(keys)):
            raise ImproperlyConfigured(f"Wizard step keys must be unique: {keys}.")
        return steps

    def job_kind(self, kind: str) -> JobKind:
        """How to run a job of `kind`; KeyError when no module declares it."""
        module = self._modules[kind.split(".", 1)[0]]
        return module.jobs[kind]

    def urlpatterns(self, surface: Surface) -> list:
        """The URL patterns of every module's mounts on `surface`, relative to its root, in module
        order. A namespace's patterns are tried together, where its first module puts them."""
        default, nests = _SURFACES[Surface(surface)]
        groups: dict[str, list] = {}
        for module in self._modules.values():
            for mount in module.mounts(surface):
                if nests:  # store:catalog:...
                    group, patterns = default, _mount_patterns(mount, mount.namespace)
                    urls = include((patterns, mount.namespace)) if mount.namespace else include(patterns)
                else:  # storefront:home, shop:product
                    group = mount.namespace or default
                    urls = include(_mount_patterns(mount, group))
                groups.setdefault(group, []).append(path(mount.prefix, urls))
        return [path("", include((group, ns))) if ns else path("", include(group)) for ns, group in groups.items()]


def _mount_patterns(mount: UrlMount, namespace: str) -> list:
    """The patterns of a mount's URL module. Its `app_name`, if any, must be the namespace it gets:
    the registry, not the module, decides where it is mounted."""
    urlconf = import_module(mount.module)
    app_name = getattr(urlconf, "app_name", None)
    if app_name is not None and app_name != namespace:
        raise ImproperlyConfigured(f"{mount.module} has app_name {app_name!r} but is mounted in {namespace!r}.")
    return list(urlconf.urlpatterns)


registry = ModuleRegistry()
