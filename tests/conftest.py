"""Test fixtures. The test database is migrated once (public schema and the template schema);
two merchants are created once per session by cloning the template, and every test runs in a
transaction that is rolled back, so no test pays for a tenant migration. Data that the tests of a
module share is built once per module inside a transaction of its own (`module_db`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.utils import translation
from django_tenants.utils import tenant_context

from apps.accounts.models import User
from apps.accounts.services import membership_set, user_create
from apps.core.roles import Role
from apps.onboarding.services import merchant_signup
from apps.tenancy import routing
from apps.tenancy.models import Merchant, Store
from apps.tenancy.services import store_create
from tools.letzshop_sandbox import DEMO_API_KEY, LetzshopSandbox, build_shipments

from .queries import Queries

PASSWORD = "Correct-Horse-42"
DOMAIN = "testserver.local"


@dataclass(frozen=True)
class TenantSpec:
    schema: str
    codes: tuple[str, ...]
    owner: str


SPECS = {
    "a": TenantSpec("m_alpha", ("ALPHA", "ALPHA2"), "owner@alpha.test"),
    "b": TenantSpec("m_beta", ("BETA",), "owner@beta.test"),
}


def _create_merchant(spec: TenantSpec, company: str) -> None:
    merchant, store, _owner, _token = merchant_signup(
        company=company,
        store_name=spec.codes[0].title(),
        store_code=spec.codes[0],
        owner_name="Owner",
        email=spec.owner,
        password=PASSWORD,
        send_welcome=False,
        email_confirmed=True,
        onboarded=True,
    )
    for code in spec.codes[1:]:
        store_create(merchant=merchant, code=code, name=code.title())
    with tenant_context(merchant):
        owner = User.objects.get(email=spec.owner)
        for s in merchant.stores.all():
            membership_set(user=owner, store=s, role=Role.OWNER)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _create_merchant(SPECS["a"], "Alpha S.A.")
        _create_merchant(SPECS["b"], "Beta SARL")
        connection.set_schema_to_public()
    yield


@pytest.fixture(autouse=True)
def _fresh_state(request):
    """Each test starts in the public schema, in the default language, with empty caches and an
    empty outbox (a view that activates a language leaves it active in the test's thread)."""
    translation.activate(settings.LANGUAGE_CODE)
    for alias in ("default", "routing", "limits"):
        caches[alias].clear()
    routing._local.clear()
    yield
    if "db" in request.fixturenames or "django_db" in [m.name for m in request.node.iter_markers()]:
        connection.set_schema_to_public()


@dataclass
class Tenant:
    merchant: Merchant
    store: Store
    stores: dict[str, Store]
    host: str

    def __enter__(self):
        self._ctx = tenant_context(self.merchant)
        self._ctx.__enter__()
        return self

    def __exit__(self, *exc):
        self._ctx.__exit__(*exc)

    def client(self, user: User | None = None, host: str | None = None) -> Client:
        client = Client(HTTP_HOST=host or self.host)
        if user is not None:
            with tenant_context(self.merchant):  # the session lives in the merchant's schema
                client.force_login(user)
        return client

    def owner(self) -> User:
        with tenant_context(self.merchant):
            return User.objects.get(memberships__role=Role.OWNER, memberships__store_id=self.store.id)

    def member(self, role: str, email: str | None = None, store: Store | None = None) -> User:
        """A user of this merchant holding `role` in `store` (default: the first store)."""
        with tenant_context(self.merchant):
            code = (store or self.store).code.lower()
            email = email or f"{role}-{code}@{self.merchant.schema_name.replace('_', '-')}.test"
            user = User.objects.filter(email=email).first() or user_create(
                email=email, password=PASSWORD, full_name=role.title(), verified=True
            )
            membership_set(user=user, store=store or self.store, role=role)
            return user

    def customer(self, email: str = "customer@example.lu") -> User:
        with tenant_context(self.merchant):
            return User.objects.filter(email=email).first() or user_create(
                email=email, password=PASSWORD, full_name="Customer", verified=True
            )


def _tenant(key: str) -> Tenant:
    spec = SPECS[key]
    merchant = Merchant.objects.get(schema_name=spec.schema)
    stores = {s.code: s for s in merchant.stores.all()}
    for s in stores.values():
        s.merchant = merchant
    first = stores[spec.codes[0]]
    return Tenant(merchant=merchant, store=first, stores=stores, host=first.subdomain)


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or (
        "transactional_db" in getattr(item, "fixturenames", ())
    )


@pytest.fixture(scope="module")
def module_db(request, django_db_setup, django_db_blocker) -> Iterator[Callable[[], AbstractContextManager]]:
    """A transaction around the rest of a test module, for the data its tests share: a module
    fixture builds it once (`with module_db(): ...` gives it database access) and it is rolled back
    when the module is done. Each test still runs in a savepoint inside it (pytest-django's `db`),
    so what a test changes is undone after that test and the next one sees the data as built.
    Tests that must commit (transactional ones) cannot run inside it, so their module may not use it;
    and the database's clock (now()) stands still for the whole module."""
    committing = [
        item.nodeid
        for item in request.session.items
        if getattr(item, "module", None) is request.module and _is_transactional(item)
    ]
    if committing:
        pytest.fail(f"module_db cannot hold transactional tests: {committing}")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield django_db_blocker.unblock
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            connection.set_schema_to_public()


@pytest.fixture
def tenant_a(db) -> Tenant:
    return _tenant("a")


@pytest.fixture
def tenant_b(db) -> Tenant:
    return _tenant("b")


@pytest.fixture
def public_client(db) -> Client:
    return Client(HTTP_HOST=DOMAIN)


@pytest.fixture
def platform_admin(db) -> User:
    return User.objects.create_superuser(email="root@platform.test", password=PASSWORD)


@pytest.fixture
def queries() -> Queries:
    """Counts SQL queries: `queries.of_get(client, path).count`, `with queries.exactly(n):`."""
    return Queries()


# --- marketplace: the local Letzshop sandbox (begin) ---
@pytest.fixture(scope="session")
def _letzshop_sandbox_server():
    server = LetzshopSandbox(shipment_count=60).start()
    yield server
    server.stop()


@pytest.fixture
def letzshop(_letzshop_sandbox_server, settings) -> LetzshopSandbox:
    """The local Letzshop sandbox (tools/letzshop_sandbox.py), reset for the test, with the
    platform pointed at it: its GraphQL API, its feeds (127.0.0.1 allowed) and no retry waits."""
    sandbox = _letzshop_sandbox_server
    sandbox.keys = {DEMO_API_KEY}
    sandbox.requests.clear()
    sandbox._failures.clear()
    sandbox._graphql_errors.clear()
    sandbox.shipments = build_shipments(sandbox.catalogue, sandbox.shipment_count)
    settings.LETZSHOP_API_URL = sandbox.graphql_url
    settings.LETZSHOP_BACKOFF = 0
    settings.FEED_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    return sandbox


# --- marketplace: the local Letzshop sandbox (end) ---
