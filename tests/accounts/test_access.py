"""The store-access bases (apps.accounts.access): what a view must declare, what it may not
override, and what the base checks and scopes for it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View
from django.views.generic import DetailView
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from apps.accounts.access import StoreAPIView, StorefrontAPIView, StorefrontPageView, StorePageView
from apps.accounts.models import User
from apps.accounts.views.store import AcceptInvitationView, HandoffView, SignInLinkView, StoreLoginView
from apps.core.errors import PermissionDenied
from apps.core.modules import Surface, registry
from apps.core.roles import Role
from apps.jobs.models import Job
from apps.jobs.services import job_create
from apps.tenancy import routing
from apps.tenancy.services import module_set_enabled

APPS = Path(__file__).resolve().parents[2] / "apps"
BASES = (StorePageView, StoreAPIView, StorefrontPageView, StorefrontAPIView)


# --- Declarations checked at class creation -------------------------------------------------------


@pytest.mark.parametrize(
    ("bases", "body", "hook"),
    [
        ((StorePageView, View), "def get_queryset(self): ...", "get_queryset"),
        ((StorePageView, View), "def dispatch(self, request, *a, **kw): ...", "dispatch"),
        ((StorePageView, DetailView), "def get_object(self, queryset=None): ...", "get_object"),
        ((StoreAPIView,), "def initial(self, request, *a, **kw): ...", "initial"),
        ((StoreAPIView, GenericAPIView), "def get_queryset(self): ...", "get_queryset"),
        ((StorefrontAPIView,), "def initial(self, request, *a, **kw): ...", "initial"),
        ((StorefrontPageView, View), "def dispatch(self, request, *a, **kw): ...", "dispatch"),
        # a mixin in front of the base would take its place just as well
        ((LoginRequiredMixin, StorePageView, View), "", "dispatch"),
    ],
)
def test_overriding_the_checks_or_the_scoping_fails_at_class_creation(bases, body, hook):
    namespace: dict = {"module": "labs", "permission": "labs.view"}
    if body:
        exec(body, {}, namespace)  # the hook, defined in the class body
    with pytest.raises(TypeError, match=rf"must not define {hook}\(\)"):
        type("Sneaky", bases, namespace)


def test_a_subclass_that_only_declares_is_accepted():
    class Fine(StorePageView, View):
        module = "labs"
        permissions = {"GET": "labs.view", "POST": "labs.edit"}

    assert Fine._declaration_checked


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ({"permission": "labs.view"}, "declares module ''"),
        ({"module": "nope", "permission": "labs.view"}, "module 'nope', which no app declares"),
        ({"module": "labs"}, "declares no `permission` or `permissions`"),
        ({"module": "labs", "permission": "labs.fly"}, "'labs.fly', which no module declares"),
        ({"module": "labs", "permission": "catalog.view"}, "uses 'catalog.view' of another module"),
        ({"module": "labs", "permission": "labs.view", "write_permission": "team.manage"}, "'team.manage' of another"),
        ({"module": "labs", "permissions": {"GET": "labs.view", "FETCH": "labs.view"}}, "no HTTP methods"),
    ],
)
def test_a_wrong_declaration_fails_at_class_creation(declaration, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        type("Wrong", (StoreAPIView,), dict(declaration))


def test_a_permission_of_another_module_is_accepted_when_declared_as_such():
    class Borrowing(StoreAPIView):
        module = "jobs"
        permission = "store.view"
        cross_module_permissions = ("store.view",)

    assert Borrowing._declaration_checked
    with pytest.raises(ImproperlyConfigured, match="which no module declares"):
        type(
            "Typo",
            (StoreAPIView,),
            {"module": "jobs", "permission": "store.see", "cross_module_permissions": ("store.see",)},
        )


def test_storefront_views_declare_a_known_module():
    with pytest.raises(ImproperlyConfigured, match="module 'shop'"):
        type("Wrong", (StorefrontPageView, View), {"module": "shop"})


def test_abstract_bases_are_not_checked_but_cannot_serve(tenant_a):
    class Base(StoreAPIView):
        abstract = True
        module = "labs"  # no permission yet: its subclasses declare it

    request = APIRequestFactory().get("/")
    request.merchant, request.store = tenant_a.merchant, tenant_a.store
    with pytest.raises(ImproperlyConfigured, match="is abstract"):
        Base.as_view()(request, code="ALPHA")


def test_a_class_made_before_the_registry_is_ready_is_checked_on_first_request(tenant_a, monkeypatch):
    # given a view created while the app configs are not loaded yet: nothing can be checked then
    monkeypatch.setattr(django_apps, "apps_ready", False)

    class Early(StorePageView, View):
        module = "nope"
        permission = "nope.view"

    monkeypatch.undo()
    assert not Early._declaration_checked

    # then its first request refuses to serve (fail closed) and says why
    request = RequestFactory().get("/store/ALPHA/early/")
    request.store, request.user = tenant_a.store, tenant_a.owner()
    with pytest.raises(ImproperlyConfigured, match="module 'nope'"):
        Early.as_view()(request, code="ALPHA")


def test_every_registry_route_is_built_on_an_access_base():
    # sign-in, one-time sign-in links and invitations are for people who are no members (yet)
    plain = {StoreLoginView, HandoffView, SignInLinkView, AcceptInvitationView}
    seen = []
    for surface in (Surface.STORE, Surface.API, Surface.STOREFRONT):
        for view in _views(registry.urlpatterns(surface)):
            seen.append(view)
            assert view in plain or issubclass(view, BASES), f"{view.__module__}.{view.__qualname__}"
            if view not in plain:
                view._ensure_declaration()
    assert len(seen) > 40


def _views(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _views(pattern.url_patterns)
        else:
            callback = pattern.callback
            yield getattr(callback, "view_class", None) or callback.cls


# --- Store pages and the store API: module gating, roles, the store of the address ----------------


def test_module_gating_comes_before_the_role(tenant_a, platform_admin):
    cashier = tenant_a.client(tenant_a.member(Role.CASHIER))
    assert cashier.get("/store/ALPHA/labs/").status_code == 403  # labs.view is for staff
    module_set_enabled(actor=platform_admin, merchant=tenant_a.merchant, code="labs", enabled=False)
    routing.forget_merchant(tenant_a.merchant.id)

    page = cashier.get("/store/ALPHA/labs/")
    api = cashier.get("/api/v1/store/stores/ALPHA/labs/")

    assert page.status_code == 403 and b"Labs module is not enabled" in page.content
    assert api.status_code == 403 and api.json()["code"] == "module_disabled"


@pytest.mark.parametrize(("role", "status"), [(Role.VIEWER, 200), (Role.CASHIER, 403), (None, 403)])
def test_the_role_decides(tenant_a, role, status):
    user = tenant_a.member(role) if role else tenant_a.customer()
    client = tenant_a.client(user)
    assert client.get("/store/ALPHA/labs/").status_code == status
    api = client.get("/api/v1/store/stores/ALPHA/labs/")
    assert api.status_code == status
    if status == 403:
        assert api.json()["code"] == "permission_denied"


def test_store_pages_send_strangers_to_the_store_login_and_the_api_answers_401(tenant_a):
    page = tenant_a.client().get("/store/ALPHA/labs/")
    assert page.status_code == 302 and page["Location"] == "/store/ALPHA/login/?next=/store/ALPHA/labs/"
    assert tenant_a.client().get("/api/v1/store/stores/ALPHA/labs/").status_code == 401


def test_the_api_serves_only_stores_of_the_domains_merchant(tenant_a, tenant_b):
    owner = tenant_a.client(tenant_a.owner())
    assert owner.get("/api/v1/store/stores/ALPHA2/labs/").status_code == 200  # another store of A: a member
    # B's store, named on A's domain by A's owner: no such store here
    other = owner.get("/api/v1/store/stores/BETA/labs/")
    assert other.status_code == 404 and other.json()["code"] == "not_found"
    # and B's owner on A's domain is nobody: their session lives in B's schema
    stranger = tenant_b.client(tenant_b.owner(), host=tenant_a.host)
    assert stranger.get("/api/v1/store/stores/ALPHA/labs/").status_code == 401


def test_require_refuses_with_the_views_message(tenant_a):
    class Page(StorePageView, View):
        module = "labs"
        permission = "labs.view"

        def get(self, request, code):
            self.require("labs.edit", message="Only managers may.", field="name")
            return HttpResponse("ok")

    def call(role):
        request = RequestFactory().get("/store/ALPHA/x/")
        request.store, request.user = tenant_a.store, tenant_a.member(role)
        with tenant_a:
            return Page.as_view()(request, code="ALPHA")

    assert call(Role.MANAGER).content == b"ok"
    with pytest.raises(PermissionDenied) as denied:
        call(Role.VIEWER)
    assert denied.value.message == "Only managers may." and denied.value.fields == {"name": ["Only managers may."]}


# --- Querysets scoped to the store ----------------------------------------------------------------


def _jobs_view(**body):
    def get(self, request, code, pk):
        mine = sorted(self.get_queryset().values_list("pk", flat=True))
        scoped = sorted(self.scoped(Job).values_list("pk", flat=True))
        return Response({"queryset": mine, "scoped": scoped, "label": self.get_object().label})

    return type(
        "Jobs",
        (StoreAPIView, GenericAPIView),
        {
            "module": "jobs",
            "permission": "store.view",
            "cross_module_permissions": ("store.view",),
            "queryset_model": Job,
            "get": get,
            **body,
        },
    )


def _call(view, tenant, pk):
    request = APIRequestFactory().get("/")
    request.merchant, request.store = tenant.merchant, tenant.store
    force_authenticate(request, user=tenant.owner())
    with tenant:
        return view.as_view()(request, code=tenant.store.code, pk=pk)


@pytest.fixture
def jobs(tenant_a):
    """Jobs of merchant A: two in ALPHA, one in ALPHA2."""
    with tenant_a:
        made = {
            name: job_create(store=tenant_a.stores[code], kind="labs.echo", label=name, params={}, total=0)
            for name, code in (("alpha", "ALPHA"), ("alpha2", "ALPHA2"), ("alpha-b", "ALPHA"))
        }
    return made


def test_scoped_never_returns_another_stores_rows(tenant_a, jobs):
    response = _call(_jobs_view(), tenant_a, jobs["alpha"].pk)
    ours = sorted([jobs["alpha"].pk, jobs["alpha-b"].pk])
    assert response.data == {"queryset": ours, "scoped": ours, "label": "alpha"}
    # the other store's row, even of the same merchant, is not found
    assert _call(_jobs_view(), tenant_a, jobs["alpha2"].pk).status_code == 404


def test_the_queryset_hook_cannot_widen_the_scope(tenant_a, jobs):
    def scoped_queryset(self, queryset):
        return Job.objects.all()  # a slip: every store's jobs

    response = _call(_jobs_view(scoped_queryset=scoped_queryset), tenant_a, jobs["alpha"].pk)

    assert response.data["queryset"] == sorted([jobs["alpha"].pk, jobs["alpha-b"].pk])


def test_scoped_refuses_a_model_without_a_store(tenant_a, jobs):
    view = _jobs_view()()
    view.store = tenant_a.store
    with pytest.raises(TypeError, match="has no store"):
        view.scoped(User)


# --- The storefront: a module switched off is not there --------------------------------------------


def test_storefront_of_a_disabled_module_is_not_found(tenant_a):
    with tenant_a:
        module_set_enabled(actor=None, merchant=tenant_a.merchant, code="catalog", enabled=False)
    routing.forget_merchant(tenant_a.merchant.id)
    client = tenant_a.client()

    for path in ("/search/", "/c/anything/", "/p/anything/"):
        assert client.get(path).status_code == 404, path
    api = client.get("/api/v1/storefront/catalog/products/")
    assert api.status_code == 404
    assert api.json()["code"] == "module_disabled" and "Catalog module is not enabled" in api.json()["message"]
    # pages that serve without the catalog still do
    assert client.get("/").status_code == 200
    assert client.get("/robots.txt").status_code == 200


def test_storefront_pages_that_need_a_signed_in_user_send_strangers_to_sign_in(tenant_a):
    response = tenant_a.client().get("/account/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/account/"
    assert tenant_a.client().get("/api/v1/storefront/me/").status_code == 401


# --- Fetches by bare id ---------------------------------------------------------------------------

SCOPES = {"store", "merchant", "store_id", "merchant_id"}


def _selector_modules():
    for app in sorted(p for p in APPS.iterdir() if p.is_dir()):
        yield from (p for p in (app / "selectors.py",) if p.exists())
        if (app / "selectors").is_dir():
            yield from sorted((app / "selectors").rglob("*.py"))


def test_selectors_fetch_by_id_only_within_a_store_or_say_so():
    """A selector that takes an id (`product_id`, `pk`, `ids` ...) takes the store or merchant too,
    or its name starts with dangerously_."""
    offenders, scanned = [], 0
    for path in _selector_modules():
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
                continue
            scanned += 1
            args = node.args
            names = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
            by_id = {n for n in names - SCOPES if n in ("pk", "id", "ids") or n.endswith(("_id", "_ids", "_pk"))}
            if by_id and not names & SCOPES and not node.name.startswith("dangerously_"):
                offenders.append(
                    f"{path.relative_to(APPS.parent)}:{node.lineno} {node.name}({', '.join(sorted(by_id))})"
                )
    assert scanned > 20
    assert not offenders, "fetch by bare id without store=/merchant=; rename dangerously_...:\n" + "\n".join(offenders)
