"""Store access: the base classes of every view on a store's domain, in one place.

    StorePageView       back-office pages, /store/<code>/...               (mixin for Django CBVs)
    StoreAPIView        the store API, /api/v1/store/stores/<code>/...      (DRF)
    StorefrontPageView  storefront pages at the domain's root               (mixin for Django CBVs)
    StorefrontAPIView   the domain's own API, no store code in the address: the storefront's reads,
                        sign-in tokens, the signed-in user and the stores they may use  (DRF)

A view declares its module, and a store view the permission each HTTP method needs:

    class ProductListView(StorePageView, TemplateView):
        module = "catalog"
        permission = "catalog.view"          # every method ...
        write_permission = "catalog.edit"    # ... except the unsafe ones (POST, PUT, PATCH, DELETE)

    class MemberDetailView(StoreAPIView):
        module = "team"
        permissions = {"GET": "team.view", "PATCH": "team.manage", "DELETE": "team.manage"}

Before any handler runs, the base resolves the store (the domain's store for pages; for the store
API the `code` of the address, which must be a store of the domain's merchant), requires a
signed-in user (store pages redirect to the store's login, the store API answers 401), checks that
the merchant has the view's module on and that the user's role in the store holds the permission,
then calls the view's prepare() hook. A view that needs more for one action asks
self.require("catalog.delete"); what it shows depends on self.has_perm("catalog.costs").

Views read through the app's selectors, which take store=self.store, or through
self.scoped(Model). A generic view declares `queryset_model` and narrows it in
scoped_queryset(queryset); the base's get_queryset() filters whatever that returns by the store
again, so the hook cannot widen it.

Checks at class creation: a concrete view (one without `abstract = True` in its own body) must
declare a module the registry knows and permissions that module declares; a permission of another
module is accepted only when the view lists it in `cross_module_permissions`. The registry is read
from the app configs, which Django loads before any view module can be imported, so this happens
at import; a class created before the app configs are loaded is checked on its first request
instead and refuses to serve (500) if its declaration is wrong. Overriding dispatch(), initial(),
get_queryset() or get_object() (directly or through a mixin in front of the base) raises
TypeError: the checks and the scoping live there.

The storefront bases serve only the store's staff (a preview) until the merchant is confirmed (a
new signup's owner confirmed their e-mail address): others get an "opening soon" page or a 404
with code store_not_open.

Sign-in, the owner's one-time link and invitations are not member pages: they are plain views.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.apps import apps as django_apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import APIView

from apps.core.errors import CoreErrorCode, ModuleDisabled, NotFound, PermissionDenied
from apps.core.modules import registry
from apps.tenancy.selectors import store_get

from .errors import AccountsErrorCode
from .selectors import membership_get

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HTTP_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})

_ENTRY = (
    "the access base resolves the store and checks sign-in, membership, role and module there. Declare "
    "`module` and `permission` / `write_permission` / `permissions`, and put per-request setup in prepare()."
)
_HOOKS = {
    "dispatch": _ENTRY,
    "initial": _ENTRY,
    "get_queryset": "the access base scopes it to the store. Declare `queryset_model` and narrow it in "
    "scoped_queryset(queryset).",
    "get_object": "the access base fetches within the store. Fetch through the app's selectors with "
    "store=self.store, or declare `queryset_model` and use the base's get_object().",
}


def _check_known(permission: str, where: str) -> None:
    if not registry.knows_permission(permission):
        raise ImproperlyConfigured(f"{where} uses permission {permission!r}, which no module declares.")


class _Access:
    """What the four bases share: the module declaration and its checks, the prepare() hook and the
    store's querysets."""

    abstract = True
    module: ClassVar[str] = ""
    # DRF / Django generic views: the model whose rows of this store get_queryset() returns
    queryset_model: ClassVar[type[Model] | None] = None
    lookup_url_kwarg: ClassVar[str] = "pk"
    # the hooks a subclass must not define (the base's checks and scoping happen there)
    guarded_hooks: ClassVar[tuple[str, ...]] = ("dispatch", "get_queryset", "get_object")
    _declaration_checked: ClassVar[bool] = False

    store: Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._forbid_overrides()
        cls._declaration_checked = False
        if not cls.__dict__.get("abstract", False) and django_apps.apps_ready:
            cls._ensure_declaration()

    @classmethod
    def _forbid_overrides(cls) -> None:
        """No class in front of the access base in the MRO (the view, its parents, mixins listed
        before the base) may define a hook the base guards; what follows the base it overrides."""
        mro = cls.__mro__
        base = next(klass for klass in mro if klass.__module__ == __name__)
        for klass in mro[: mro.index(base)]:
            for hook in base.guarded_hooks:
                if hook in klass.__dict__:
                    raise TypeError(
                        f"{cls.__qualname__} must not define {hook}() (found on {klass.__qualname__}): " + _HOOKS[hook]
                    )

    @classmethod
    def _ensure_declaration(cls) -> None:
        """Raise ImproperlyConfigured unless the class may serve requests (checked once)."""
        if not cls.__dict__.get("_declaration_checked", False):
            cls._check_declaration()
            cls._declaration_checked = True

    @classmethod
    def _check_declaration(cls) -> None:
        if cls.__dict__.get("abstract", False):
            raise ImproperlyConfigured(f"{cls.__qualname__} is abstract: route a subclass that declares its access.")
        if not cls.module or cls.module not in {m.code for m in registry.all()}:
            raise ImproperlyConfigured(
                f"{cls.__qualname__} declares module {cls.module!r}, which no app declares: "
                "set `module` to the code of the module the view belongs to."
            )

    def prepare(self, request: Any) -> None:
        """Per-request setup, once access is granted and before the handler runs."""

    def scoped(self, model: type[Model]) -> QuerySet:
        """Every row of `model` in this store (the model must name its store)."""
        if "store_id" not in {f.attname for f in model._meta.concrete_fields}:
            raise TypeError(f"{model.__name__} has no store of its own: read it through its app's selectors.")
        return model._default_manager.filter(store_id=self.store.id)

    def scoped_queryset(self, queryset: QuerySet) -> QuerySet:
        """Hook: narrow, annotate or order the store's rows of `queryset_model`."""
        return queryset

    def get_queryset(self) -> QuerySet:
        model = self.queryset_model
        if model is None:
            raise ImproperlyConfigured(f"{type(self).__qualname__} declares no `queryset_model`.")
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no request, no store
            return model._default_manager.none()
        return self.scoped_queryset(self.scoped(model)).filter(store_id=self.store.id)

    def get_object(self, queryset: QuerySet | None = None) -> Model:
        """The row of this store named by the address (`lookup_url_kwarg`), else NotFound."""
        rows = self.get_queryset() if queryset is None else queryset.filter(store_id=self.store.id)
        try:
            pk = int(self.kwargs.get(self.lookup_url_kwarg))
        except (TypeError, ValueError):
            pk = None
        found = rows.filter(pk=pk).first() if pk is not None else None
        if found is None:
            raise NotFound(_("No such object in this store."))
        return found


class _StoreAccess(_Access):
    """Store pages and the store API: a member of the store whose role holds the permission."""

    abstract = True
    # the permission of every method, unless `permissions` names the method or the method is
    # unsafe and `write_permission` is set
    permission: ClassVar[str] = ""
    write_permission: ClassVar[str] = ""
    permissions: ClassVar[Mapping[str, str]] = {}
    # permissions of other modules the view uses on purpose (e.g. a job's progress: "store.view")
    cross_module_permissions: ClassVar[tuple[str, ...]] = ()

    role: str
    perms: frozenset[str]

    @classmethod
    def _check_declaration(cls) -> None:
        super()._check_declaration()
        name = cls.__qualname__
        if not cls.permission and not cls.permissions:
            raise ImproperlyConfigured(f"{name} declares no `permission` or `permissions`.")
        unknown = set(cls.permissions) - HTTP_METHODS
        if unknown:
            raise ImproperlyConfigured(f"{name}.permissions has keys that are no HTTP methods: {sorted(unknown)}.")
        for permission in cls.cross_module_permissions:
            _check_known(permission, name)
        declared = {cls.permission, cls.write_permission, *cls.permissions.values()} - {""}
        for permission in declared:
            _check_known(permission, name)
            if not permission.startswith(f"{cls.module}.") and permission not in cls.cross_module_permissions:
                raise ImproperlyConfigured(
                    f"{name} of module {cls.module!r} uses {permission!r} of another module: list it in "
                    "`cross_module_permissions` if that is meant."
                )

    def permission_for(self, method: str) -> str:
        """The permission a request with `method` needs ("" when none is declared: refused)."""
        if method in self.permissions:
            return self.permissions[method]
        if method == "HEAD" and "GET" in self.permissions:
            return self.permissions["GET"]
        if method not in SAFE_METHODS and self.write_permission:
            return self.write_permission
        return self.permission or self.permissions.get("GET", "")

    def _grant(self, request: Any, store: Any) -> None:
        """The one access check: the module on for the merchant, the user a member of the store whose
        role holds the permission of the request's method. Raises ModuleDisabled / PermissionDenied."""
        enabled = store.merchant.enabled_modules
        registry.check_enabled(self.module, enabled)
        permission = self.permission_for(request.method)
        membership = membership_get(user=request.user, store=store)
        role = membership.role if membership else None
        if not permission:
            raise PermissionDenied(_("Your role in this store does not allow this action."))
        registry.check(permission=permission, role=role, enabled=enabled)
        self.store, self.role = store, role
        self.perms = registry.permissions(role, enabled)

    def has_perm(self, permission: str) -> bool:
        """Whether the user's role here holds `permission` (what a view shows, not who enters)."""
        _check_known(permission, type(self).__qualname__)
        return permission in self.perms

    def require(self, permission: str, *, message: str | None = None, field: str | None = None) -> None:
        """Refuse the request unless the role holds `permission` too (an extra permission one action
        needs): ModuleDisabled, or PermissionDenied with `message` (attached to `field` if given)."""
        if self.has_perm(permission):
            return
        try:
            registry.check(permission=permission, role=self.role, enabled=self.store.merchant.enabled_modules)
        except ModuleDisabled:
            raise
        except PermissionDenied as denied:
            text = message or denied.message
            raise PermissionDenied(text, fields={field: [text]} if field else None) from None


class StorePageView(_StoreAccess):
    """Mixin for a back-office page: put it before the Django view class,
    `class TeamView(StorePageView, TemplateView)`."""

    abstract = True

    def dispatch(self, request, *args, **kwargs):
        type(self)._ensure_declaration()
        store = request.store
        if store is None:  # the tenant URLconf always has a store; be explicit anyway
            raise Http404
        self.store = store
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("store:login", kwargs={"code": store.code}))
        self._grant(request, store)
        self.prepare(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enabled = self.store.merchant.enabled_modules
        context.update(
            store=self.store,
            role=self.role,
            store_perms=self.perms,
            store_nav=[
                {
                    "label": entry.label,
                    "icon": entry.icon,
                    "url": reverse(entry.url_name, kwargs={"code": self.store.code}),
                    "active": self.request.resolver_match.view_name == entry.url_name,
                }
                for _module, entry in registry.navigation(self.role, enabled)
            ],
        )
        return context


class StoreAPIView(_StoreAccess, APIView):
    # The docstring is the description the API schema shows for views without their own.
    """Resolves `code` to a store of this merchant and checks `permission` (or the entry of
    `permissions` for the HTTP method) for the user's role there."""

    # The store is the `code` of the address, within the domain's merchant (another merchant's code
    # is not found); the user signs in with a token or a session (else 401).

    abstract = True
    permission_classes = [IsAuthenticated]
    guarded_hooks = ("dispatch", "initial", "get_queryset", "get_object")

    def initial(self, request, *args, **kwargs):
        type(self)._ensure_declaration()
        if getattr(request, "merchant", None) is None:
            raise NotFound(_("The API is served on a store's domain."))
        super().initial(request, *args, **kwargs)
        store = store_get(merchant=request.merchant, code=kwargs.get("code", ""))
        self.store = store
        self._grant(request, store)
        self.prepare(request)


class _StorefrontAccess(_Access):
    """The storefront: the domain's store, open to anyone unless `login_required`; the view's module
    must be on (else not found) unless the view serves without it (`gated = False`: it then asks
    self.module_enabled what to show)."""

    abstract = True
    gated: ClassVar[bool] = True
    login_required: ClassVar[bool] = False

    module_enabled: bool

    def _open(self, request: Any) -> bool:
        """Set the store and whether the module is on; False when the page is not there."""
        self.store = request.store
        self.module_enabled = self.module in request.merchant.enabled_modules
        return self.store is not None and (self.module_enabled or not self.gated)

    def _is_public(self, request: Any) -> bool:
        """Whether the storefront serves this visitor: everyone once the merchant's owner confirmed
        their e-mail address (a new signup); before that only the store's staff, as a preview."""
        if request.merchant.is_confirmed:
            return True
        return membership_get(user=request.user, store=self.store) is not None


class StorefrontPageView(_StorefrontAccess):
    """Mixin for a storefront page: `class CategoryView(StorefrontPageView, View)`. A page of a
    module the merchant switched off is not found (404)."""

    abstract = True

    def dispatch(self, request, *args, **kwargs):
        type(self)._ensure_declaration()
        if not self._open(request):
            raise Http404
        if not self._is_public(request):
            return render(request, "storefront/opening_soon.html", status=404)
        if self.login_required and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.prepare(request)
        return super().dispatch(request, *args, **kwargs)


class StorefrontAPIView(_StorefrontAccess, APIView):
    # The docstring is the description the API schema shows for views without their own.
    """Any API view on a merchant's domain."""

    # Open to anyone (AllowAny) unless `login_required` (401); a view of a module the merchant
    # switched off answers 404 with code module_disabled.

    abstract = True
    permission_classes = [AllowAny]
    guarded_hooks = ("dispatch", "initial", "get_queryset", "get_object")

    def get_permissions(self):
        return [IsAuthenticated()] if self.login_required else super().get_permissions()

    def initial(self, request, *args, **kwargs):
        type(self)._ensure_declaration()
        if getattr(request, "merchant", None) is None:
            raise NotFound(_("The API is served on a store's domain."))
        super().initial(request, *args, **kwargs)
        if request.store is None:
            raise NotFound(_("No such store."))
        if not self._open(request):
            raise NotFound(
                _("The %(module)s module is not enabled for this shop.") % {"module": registry.get(self.module).name},
                code=CoreErrorCode.MODULE_DISABLED,
            )
        if not self._is_public(request):
            raise NotFound(_("This store is not open yet."), code=AccountsErrorCode.STORE_NOT_OPEN)
        self.prepare(request)
