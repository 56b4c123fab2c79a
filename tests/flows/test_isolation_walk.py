"""Merchant B gets nothing of merchant A's, on any route. Every route the URL resolver knows for
store domains (store pages, API, storefront, sign-in pages, media) and every operation of the
OpenAPI schema is tried with every method its view answers, with B's session and B's API token:
on B's domain naming A's store and A's objects, and on A's domain. Nothing that names A's store,
objects or files answers 2xx, no secret of B's opens anything on A's domain, nothing answers 5xx,
and A's rows are the same afterwards.

The URLconfs are built from the module registry, so a new app's routes are walked the day they
exist. A route whose path has a parameter the walk cannot fill fails until the walk is taught
(A_OBJECTS and the tables below it). The answers the walk does not pin follow at the end."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.test import Client, override_settings

from apps.accounts.models import StoreMembership, User
from apps.accounts.services import (
    api_token_issue,
    handoff_create,
    member_invite,
    membership_set,
    signin_link_create,
    user_create,
)
from apps.catalog import services as catalog
from apps.core.roles import Role
from apps.jobs.services import job_create
from apps.loyalty import services as loyalty
from apps.loyalty.models import Program as LoyaltyProgram
from apps.marketplace.models import FeedImport
from apps.marketplace.services.export import export_feed_token
from apps.onboarding.services import signup_confirmation_token
from apps.orders import services as orders
from apps.orders.confirmation import done_token
from apps.orders.services import customer_records, discount_codes, shipping_methods
from apps.orders.services.invoices import credit_note_issue
from apps.tenancy.models import Domain, Store
from apps.tenancy.services import domain_add

from ..accounts.test_api import token_for
from ..catalog.factories import image_upload
from ..conftest import PASSWORD, Tenant, _tenant
from ..orders.factories import details
from .walk import (
    Filled,
    FilledByB,
    Route,
    Unfillable,
    fill_openapi,
    openapi_paths,
    rows_fingerprint,
    schema_fingerprint,
    target_of,
    tenant_routes,
)

# --- What the walk knows ----------------------------------------------------------------------------

# One object of every kind merchant A owns, made through the services in this order:
# kind -> maker(store, the objects made so far). A new app adds the kinds its routes take.
A_OBJECTS: dict[str, Callable[[Store, dict[str, Any]], Model]] = {
    "product": lambda store, made: catalog.product_create(
        store=store,
        actor=None,
        data={"sku": "ALPHA-WALK", "title": {"en": "Alpha walk lamp"}, "price": "10.00", "status": "active"},
        stock=3,
    ),
    "variant": lambda store, made: made["product"].variants.get(),
    "category": lambda store, made: catalog.category_create(store=store, actor=None, name={"en": "Alpha shelf"}),
    "option_type": lambda store, made: catalog.option_type_create(
        store=store, actor=None, name={"en": "Alpha size"}, values=[{"en": "S"}]
    ),
    "image": lambda store, made: catalog.image_add(
        store=store, product=made["product"], actor=None, upload=image_upload("alpha.jpg")
    ),
    "job": lambda store, made: job_create(store=store, kind="catalog.bulk_products", label="Alpha", params={}, total=1),
    "membership": lambda store, made: membership_set(
        user=user_create(email="walk-editor@alpha.test", password=PASSWORD, verified=True),
        store=store,
        role=Role.EDITOR,
    ),
    "domain": lambda store, made: domain_add(actor=None, store=store, domain="alpha-walk.lu"),
    "order": lambda store, made: orders.order_place(
        store=store, lines=[orders.LineRequest(variant_id=made["variant"].pk, quantity=1)], details=details()
    ),
    "credit_note": lambda store, made: _credit_note(store, made["order"]),
    # orders: customers, discount codes, shipping methods
    "customer": lambda store, made: customer_records.customer_create(
        store=store, actor=None, data={"email": "walk@alpha.test", "notes": "Alpha's"}
    ),
    "address": lambda store, made: customer_records.address_add(
        store=store,
        actor=None,
        customer=made["customer"],
        data={
            "first_name": "A",
            "last_name": "Walk",
            "line1": "1 rue",
            "postal_code": "1111",
            "city": "Luxembourg",
            "country": "LU",
        },
    ),
    "discount_code": lambda store, made: discount_codes.discount_code_create(
        store=store, actor=None, data={"code": "ALPHAWALK", "kind": "percentage", "value": "10"}
    ),
    "shipping_method": lambda store, made: shipping_methods.shipping_method_create(
        store=store, actor=None, data={"name": "Alpha post", "zone": "lu", "price": "4.90"}
    ),
    # marketplace: a finished feed import (with its rejected rows)
    "feed_import": lambda store, made: FeedImport.objects.create(
        store=store, language="en", url="https://alpha.example/feed.tsv", status=FeedImport.Status.DONE
    ),
    # loyalty: a card of A's programme (the programme made with it)
    "loyalty_card": lambda store, made: _loyalty_card(store),
    "loyalty_pin": lambda store, made: loyalty.pin_create(store=store, actor=None, name="Alpha walk", pin="2468"),
    "loyalty_reward": lambda store, made: loyalty.reward_create(
        store=store, actor=None, data={"name": "Alpha mug", "points_cost": 50}
    ),
    "loyalty_tier": lambda store, made: loyalty.tier_create(
        store=store, actor=None, data={"name": "Alpha gold", "threshold": 500, "multiplier": "1.5"}
    ),
    # a visitor's cart in A's shop, with a line
    "cart_line": lambda store, made: orders.cart_line_add(
        store=store, cart=orders.cart_create(store=store), variant_id=made["variant"].pk, quantity=1
    ),
}


def _loyalty_card(store: Store) -> Model:
    LoyaltyProgram.objects.get_or_create(key=1, defaults={"name": "Alpha card"})
    return loyalty.card_enrol(store=store, email="walk-card@alpha.test", first_name="Alpha")


def _credit_note(store: Store, order) -> Model:
    """A paid and partly refunded order's credit note (its invoice issued with it)."""
    orders.payment_record(store=store, order_id=order.pk, amount=order.total, method="bank_transfer", actor=None)
    [refund] = orders.refund_create(store=store, order_id=order.pk, actor=None, amount="1.00")
    return credit_note_issue(store=store, order_id=order.pk, refund_id=refund.pk, actor=None)


# An integer parameter after these path segments is the id of an object of A of that kind.
IDS = {
    "products": "product",
    "variants": "variant",
    "inventory": "variant",
    "images": "image",
    "categories": "category",
    "option-types": "option_type",
    "members": "membership",
    "team": "membership",
    "domains": "domain",
    "jobs": "job",
    "publishing": "job",  # marketplace: the publish jobs of the curation pages
    "orders": "order",
    "credit-notes": "credit_note",
    "customers": "customer",
    "addresses": "address",
    "discounts": "discount_code",
    "shipping": "shipping_method",
    "lines": "cart_line",
    "progress": "job",  # the setup wizard's step/<step>/progress/<job_id>/
    "imports": "feed_import",  # marketplace: feed imports
    "sync": "job",  # marketplace: the order history import, orders/sync/<job_id>/
    "cards": "loyalty_card",  # loyalty: cards/<card_id>/
    "pins": "loyalty_pin",  # loyalty: the staff PINs of a store
    "rewards": "loyalty_reward",
    "tiers": "loyalty_tier",
}
# A slug after these segments is the slug of an object of A of that kind.
SLUGS = {"p": "product", "products": "product", "c": "category"}
# A file path after these segments is the file of an object of A of that kind.
FILES = {"media": "image"}
# Parameters that are words, not names of A's objects: name -> segment before it -> a word the view
# acts on (the most harmful one, so a view that forgot its scoping would do damage the walk sees).
WORDS = {
    "action": {"domains": "remove", "team": "remove", "categories": "delete"},
    "direction": {"move": "up"},
    "page": {"sitemap": "1"},
    "number": {"orders": "ALPHA-000001"},  # the number of A's first order (the walk's "order")
    # the setup wizard's steps and their actions (finishing one is the most harmful)
    "step": {"step": "merchant-profile", "onboarding": "order-sync"},
}
WORDS["action"]["step"] = "complete"
WORDS["lang"] = {"letzshop": "fr"}  # the language of a Letzshop catalog feed
# loyalty wallet passes: a card number and pass token (links), Apple's device, pass type and serial
WORDS["number"]["card"] = "000000000000"
WORDS["token"] = {"card": "not-the-pass-token"}
WORDS["device"] = {"devices": "walk-device"}
WORDS["pass_type"] = {"registrations": "pass.walk.test", "passes": "pass.walk.test"}
WORDS["serial"] = {"registrations": "000000000000", "passes": "000000000000"}
# Secrets are B's own (tokens in links B was sent): what matters is that they open nothing on A's
# domain. (name, segment before it) -> which of B's secrets.
B_SECRETS = {
    ("token", "welcome"): "handoff",
    ("token", "signin"): "signin_link",
    ("token", "invitations"): "invitation",
    ("token", "confirm"): "signup_confirmation",
    ("key", "confirm-email"): "email_confirmation",
    ("uidb36", "key"): "password_reset_uid",
    ("key", "key"): "password_reset_key",
    ("token", "done"): "checkout_done",
    ("token", "letzshop"): "letzshop_feed",  # B's catalog feed for Letzshop
}
# Store pages anyone may open on A's domain (B's session is worth nothing there, so B gets only
# what an anonymous visitor gets).
PUBLIC_STORE_PAGES = {"store:login", "store:signin_link"}
# API routes that take a store code and are public by design (what anyone may read of a store):
# route name -> its OpenAPI path. B may read them on A's domain like any visitor; the walk still
# checks that they change nothing and show none of A's private names.
PUBLIC_STORE_APIS = {"api-loyalty-public-program": "/api/v1/loyalty/programs/{code}/"}
# Holes the walk found that are not closed yet: route name -> what is wrong. Each is an expected
# failure that must fail (strict), so closing the hole makes the entry fail until it is removed.
KNOWN_HOLES: dict[str, str] = {}
# The walk covers at least this many (so an empty walk fails); raise them as routes are added.
MIN_STORE_PAGES = 112
MIN_API_ROUTES = 86
MIN_OTHER_ROUTES = 45
MIN_OPENAPI_OPERATIONS = 117
# A's rows of the shared tables: (table, the column that holds the merchant's id).
SHARED_ROWS = (("tenancy_merchant", "id"), ("tenancy_store", "merchant_id"), ("tenancy_domain", "tenant_id"))


@dataclass
class Walk:
    a: Tenant
    b: Tenant
    ids: dict[str, int]  # kind -> id of A's object
    slugs: dict[str, str]
    files: dict[str, str]
    b_session: str
    b_token: str
    b_secrets: dict[str, str]

    def fill(self, name: str, segment: str, integer: bool) -> Filled:
        if name == "code":
            return Filled(self.a.store.code, of_a=True)
        if integer or name in ("pk", "id") or name.endswith("_id"):
            kind = IDS.get(segment)
            if kind in self.ids:
                return Filled(str(self.ids[kind]), of_a=True)
        if name == "slug" and SLUGS.get(segment) in self.slugs:
            return Filled(self.slugs[SLUGS[segment]], of_a=True)
        if name == "path" and FILES.get(segment) in self.files:
            return Filled(self.files[FILES[segment]], of_a=True)
        if segment in WORDS.get(name, {}):
            return Filled(WORDS[name][segment], of_a=False)
        if (name, segment) in B_SECRETS:
            return FilledByB(self.b_secrets[B_SECRETS[name, segment]], of_a=False)
        raise Unfillable(
            f"The walk has no value for the path parameter {name!r} after {segment!r}/: teach it in "
            "tests/flows/test_isolation_walk.py (an object of A in A_OBJECTS and its segment in IDS, "
            "SLUGS or FILES; a word in WORDS; a secret of B's in B_SECRETS)."
        )

    def snapshot(self) -> dict[str, str]:
        """Every row of A's schema (sessions aside) and A's rows of the shared tenancy tables."""
        merchant = self.a.merchant.pk
        schema = self.a.merchant.schema_name
        # B may open a cart in A's shop like any visitor (as B opens a session): the carts that
        # count are those A's visitors had, which stay as they were
        rows = schema_fingerprint(schema, skip=frozenset({"django_session", "orders_cart", "orders_cartline"}))
        cart = self.ids["cart"]
        rows["orders_cart"] = rows_fingerprint(f'SELECT * FROM "{schema}".orders_cart WHERE id = %s', [cart])
        rows["orders_cartline"] = rows_fingerprint(
            f'SELECT * FROM "{schema}".orders_cartline WHERE cart_id = %s', [cart]
        )
        for table, column in SHARED_ROWS:
            rows[f"public.{table}"] = rows_fingerprint(f"SELECT * FROM public.{table} WHERE {column} = %s", [merchant])
        return rows

    def json_body(self) -> dict[str, Any]:
        """A body that would change A's objects if a view took it: A's ids wherever one fits."""
        ids = self.ids
        return {
            "sku": "B-WALK",
            "title": {"en": "Walked by B"},
            "name": {"en": "Walked by B"},
            "price": "0.01",
            "status": "archived",
            "is_active": False,
            "position": 0,
            "parent": ids["category"],
            "categories": [ids["category"]],
            "product_ids": [ids["product"]],
            "action": "delete",
            "order": [ids["image"]],
            "delta": 1,
            "reason": "received",
            "quantity": 0,
            "role": "owner",
            "email": "walker@beta.test",
            "items": ["walk"],
        }

    def form_body(self) -> dict[str, Any]:
        """The same for the forms of the store pages."""
        ids = self.ids
        return {
            "sku": "B-WALK",
            "title_en": "Walked by B",
            "name_en": "Walked by B",
            "price": "0.01",
            "status": "archived",
            "ids": [ids["product"]],
            "action": "delete",
            "scope": "all",
            "category_id": ids["category"],
            "parent": ids["category"],
            "adjust-delta": "1",
            "adjust-reason": "received",
            "count-quantity": "0",
            "settings-bin_location": "B",
            "role": "owner",
            "email": "walker@beta.test",
            "primary": "1",
            "login": "owner@beta.test",
            "password": PASSWORD,
        }


def _a_objects(a: Tenant) -> dict[str, Model]:
    made: dict[str, Any] = {}
    with a:
        for kind, make in A_OBJECTS.items():
            made[kind] = make(a.store, made)
    return made


def _b_secrets(a: Tenant, b: Tenant, owner: User) -> dict[str, str]:
    """Links B was sent. Ids run per schema, so B's ids are also ids of A's objects: B's
    confirmation link is made for an address of B's with the id of an unconfirmed one of A's."""
    _same_next_id("account_emailaddress", a, b)
    with a:
        unconfirmed = EmailAddress.objects.get(user=user_create(email="unconfirmed@alpha.test", password=None))
    with b:
        address = EmailAddress.objects.get(user=user_create(email="unconfirmed@beta.test", password=None))
        assert address.pk == unconfirmed.pk
        _invitation, invitation = member_invite(
            actor=owner, actor_role=Role.OWNER, store=b.store, email="invitee@beta.test", role=Role.VIEWER
        )
        return {
            "handoff": handoff_create(user=owner),
            "signin_link": signin_link_create(user=owner, store=b.store),
            "invitation": invitation,
            "signup_confirmation": signup_confirmation_token(merchant_id=b.merchant.pk, user=owner),
            "email_confirmation": EmailConfirmationHMAC(address).key,
            "password_reset_uid": user_pk_to_url_str(owner),
            "password_reset_key": default_token_generator.make_token(owner),
            "checkout_done": done_token(_b_order(b)),
            "letzshop_feed": export_feed_token(store=b.store),
        }


def _b_order(b: Tenant) -> Model:
    """An order placed in B's shop (its confirmation link is B's)."""
    item = catalog.product_create(
        store=b.store,
        actor=None,
        data={"sku": "BETA-WALK", "title": {"en": "Beta walk"}, "price": "5.00", "status": "active"},
        stock=2,
    )
    line = orders.LineRequest(variant_id=item.variants.get().pk, quantity=1)
    return orders.order_place(store=b.store, lines=[line], details=details(email="walker@beta.test"))


def _same_next_id(table: str, *tenants: Tenant) -> None:
    """Move the id sequences of `table` in these merchants' schemas to the same point, so the rows
    made next get the same id in each (forward only: sequences ignore rollbacks anyway)."""
    with connection.cursor() as cursor:
        sequences = []
        for tenant in tenants:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [f'"{tenant.merchant.schema_name}".{table}'])
            sequences.append(cursor.fetchone()[0])
        cursor.execute(" UNION ALL ".join(f"SELECT last_value FROM {sequence}" for sequence in sequences))
        top = max(value for (value,) in cursor.fetchall())
        for sequence in sequences:
            cursor.execute("SELECT setval(%s, %s)", [sequence, top])


@pytest.fixture(scope="module")
def walk_data(module_db, tmp_path_factory) -> Iterator[Walk]:
    """A's objects and B's credentials, built once for the walk (A's image as a real file)."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("walk-media"))
    media.enable()
    try:
        with module_db():
            a, b = _tenant("a"), _tenant("b")
            made = _a_objects(a)
            owner = b.owner()
            browser = b.client(owner)
            with b:
                _token, key = api_token_issue(email=owner.email, password=PASSWORD)
            data = Walk(
                a=a,
                b=b,
                ids={kind: obj.pk for kind, obj in made.items()} | {"cart": made["cart_line"].cart_id},
                slugs={"product": made["product"].slug, "category": made["category"].slug},
                files={"image": made["image"].original.name},
                b_session=browser.cookies[settings.SESSION_COOKIE_NAME].value,
                b_token=key,
                b_secrets=_b_secrets(a, b, owner),
            )
        yield data
    finally:
        media.disable()


@pytest.fixture
def walk(walk_data, db) -> Walk:
    return walk_data


# --- Walking -----------------------------------------------------------------------------------------


ROUTES = tenant_routes()
OPERATIONS = openapi_paths()


@pytest.mark.parametrize(
    "route",
    [
        pytest.param(route, id=route.name, marks=[pytest.mark.xfail(reason=KNOWN_HOLES[route.name], strict=True)])
        if route.name in KNOWN_HOLES
        else pytest.param(route, id=route.name)
        for route in ROUTES
    ],
)
def test_b_gets_nothing_of_a_on_any_route(walk, route: Route):
    api = route.surface == "api"
    private = (route.surface == "store" and route.name not in PUBLIC_STORE_PAGES) or (
        api and "code" in route.parameters and route.name not in PUBLIC_STORE_APIS
    )
    target_of(walk, route.fill, private=private, api=api).walk(walk, route.methods)


@pytest.mark.parametrize("template", OPERATIONS)
def test_b_gets_nothing_of_a_on_any_documented_operation(walk, template: str):
    operations = OPERATIONS[template]
    target = target_of(
        walk,
        lambda filler: fill_openapi(template, operations, filler),
        private="{code}" in template and template not in PUBLIC_STORE_APIS.values(),
        api=True,
    )
    target.walk(walk, [method.upper() for method in operations])


def test_the_walk_covers_every_route():
    by_surface = {surface: [r for r in ROUTES if r.surface == surface] for surface in ("store", "api", "site")}
    operations = sum(len(operations) for operations in OPERATIONS.values())
    assert len(by_surface["store"]) >= MIN_STORE_PAGES, [r.name for r in by_surface["store"]]
    assert len(by_surface["api"]) >= MIN_API_ROUTES, [r.name for r in by_surface["api"]]
    assert len(by_surface["site"]) >= MIN_OTHER_ROUTES, [r.name for r in by_surface["site"]]
    assert operations >= MIN_OPENAPI_OPERATIONS, list(OPERATIONS)
    # the schema documents the API routes the resolver knows, every one that takes a store
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.template) for r in by_surface["api"]}
    documented = {template.replace("{id}", "{pk}") for template in OPERATIONS}
    assert documented <= routes, sorted(documented - routes)
    assert {t for t in routes if "{code}" in t} <= documented, sorted({t for t in routes if "{code}" in t} - documented)


def test_the_walk_reads_the_schema_served_at_api_schema(tenant_a):
    served = tenant_a.client().get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert {path: sorted(ops) for path, ops in served.items()} == {
        path: sorted(ops) for path, ops in OPERATIONS.items()
    }


# --- Answers the walk does not pin ------------------------------------------------------------------


STORE_PAGES = ["/store/{code}/", "/store/{code}/settings/", "/store/{code}/domains/", "/store/{code}/team/"]


@pytest.mark.parametrize("page", STORE_PAGES)
def test_a_session_is_worthless_on_b_domain(tenant_a, tenant_b, page):
    owner_a = tenant_a.owner()
    client = tenant_a.client(owner_a)
    assert client.get(page.format(code="ALPHA")).status_code == 200
    # Same cookie jar, B's domain: B's schema has no such session, so it is anonymous there.
    response = client.get(page.format(code="BETA"), HTTP_HOST=tenant_b.host)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("page", STORE_PAGES)
def test_a_store_pages_are_not_reachable_from_b_domain(tenant_a, tenant_b, page):
    owner_b = tenant_b.owner()
    response = tenant_b.client(owner_b).get(page.format(code="ALPHA"))
    assert response.status_code == 404


def test_a_token_is_worthless_on_b_domain(tenant_a, tenant_b):
    token = token_for(tenant_a, tenant_a.owner().email)
    on_b = Client(HTTP_HOST=tenant_b.host, HTTP_AUTHORIZATION=f"Token {token}")
    assert on_b.get("/api/v1/store/me/").status_code == 401
    assert on_b.get("/api/v1/store/stores/BETA/members/").status_code == 401


def test_b_owner_cannot_reach_a_store_through_b_api(tenant_a, tenant_b):
    token = token_for(tenant_b, tenant_b.owner().email)
    client = Client(HTTP_HOST=tenant_b.host, HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/store/stores/ALPHA/members/")
    assert response.status_code == 404
    # nor through A's domain: the token does not exist in A's schema
    on_a = Client(HTTP_HOST=tenant_a.host, HTTP_AUTHORIZATION=f"Token {token}")
    assert on_a.get("/api/v1/store/stores/ALPHA/members/").status_code == 401


def test_b_cannot_change_a_member_by_id(tenant_a, tenant_b):
    editor_a = tenant_a.member(Role.EDITOR)
    with tenant_a:
        membership_id = StoreMembership.objects.get(user=editor_a).id
    token = token_for(tenant_b, tenant_b.owner().email)
    client = Client(HTTP_HOST=tenant_b.host, HTTP_AUTHORIZATION=f"Token {token}")
    response = client.delete(f"/api/v1/store/stores/BETA/members/{membership_id}/")
    assert response.status_code == 404
    owner_b = tenant_b.owner()
    tenant_b.client(owner_b).post(f"/store/BETA/team/{membership_id}/remove/")
    with tenant_a:
        assert StoreMembership.objects.filter(pk=membership_id).exists()


def test_users_of_a_do_not_exist_in_b(tenant_a, tenant_b):
    tenant_a.customer("only-a@example.lu")
    with tenant_b:
        assert not User.objects.filter(email="only-a@example.lu").exists()
    # and cannot sign in there
    response = Client(HTTP_HOST=tenant_b.host).post(
        "/accounts/login/", {"login": "only-a@example.lu", "password": "Correct-Horse-42"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_same_email_can_be_customer_of_both_merchants(tenant_a, tenant_b):
    a = tenant_a.customer("both@example.lu")
    b = tenant_b.customer("both@example.lu")
    assert a.email == b.email


def test_b_domain_does_not_show_a_domains(tenant_a, tenant_b):
    Domain.objects.create(domain="secret-a.lu", tenant=tenant_a.merchant, store=tenant_a.store, is_primary=False)
    page = tenant_b.client(tenant_b.owner()).get("/store/BETA/domains/")
    assert page.status_code == 200
    assert b"secret-a.lu" not in page.content
    assert b"alpha" not in page.content.lower()
