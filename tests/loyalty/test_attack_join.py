"""Attacks on joining (the join page and the storefront enrol API) and on what customers' and
staff's texts become on the pages: taking over another person's customer record or account by
their e-mail, hostile names rendered on the store's and the platform's pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from apps.core.roles import Role
from apps.loyalty import services
from apps.loyalty.models import Card, Program
from apps.loyalty.services.directory import directory_refresh
from apps.orders import services as order_services
from apps.orders.models import Customer

from ..accounts.test_api import api, token_for
from ..conftest import DOMAIN
from .factories import card_make, pin_make, program_make

JOIN = "/loyalty/join/"
ENROL = "/api/v1/storefront/loyalty/enroll/"
JSON = "application/json"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def form(**fields):
    return {"first_name": "Eve", "last_name": "Attacker", "email": "eve@example.lu", "terms_accepted": "on", **fields}


@pytest.fixture
def program(tenant_a):
    with tenant_a:
        return program_make(Program.Kind.HYBRID, welcome_bonus_points=50, referrals_enabled=True)


def test_signed_in_attacker_cannot_take_a_guests_record_by_its_email(tenant_a, program):
    with tenant_a:
        guest = order_services.customer_for_checkout(store=tenant_a.store, email="victim@example.lu")
    attacker = tenant_a.customer("eve@example.lu")
    page = tenant_a.client(attacker).post(JOIN, form(email="victim@example.lu"))
    assert page.status_code == 400 and "your account" in page.content.decode()
    token = token_for(tenant_a, attacker.email)
    response = api(tenant_a, token).post(
        ENROL, {**form(email="Victim@Example.lu"), "terms_accepted": True}, content_type=JSON
    )
    assert (response.status_code, response.json()["code"]) == (400, "email_not_yours"), response.content
    with tenant_a:
        guest.refresh_from_db()
        assert guest.user_id is None and not Card.objects.exists()


def test_signed_out_attacker_cannot_make_the_card_of_an_account(tenant_a, program):
    victim = tenant_a.customer("victim@example.lu")
    with tenant_a:
        order_services.customer_for_checkout(store=tenant_a.store, email=victim.email, user=victim)
    page = tenant_a.client().post(JOIN, form(email="victim@example.lu"))
    assert page.status_code == 400 and "sign in" in page.content.decode().lower()
    response = api(tenant_a).post(ENROL, {**form(email="VICTIM@example.lu"), "terms_accepted": True}, content_type=JSON)
    assert (response.status_code, response.json()["code"]) == (403, "sign_in_required"), response.content
    assert "number" not in response.json()
    # an account without any customer record yet is protected too
    tenant_a.customer("fresh@example.lu")
    response = api(tenant_a).post(ENROL, {**form(email="fresh@example.lu"), "terms_accepted": True}, content_type=JSON)
    assert response.json()["code"] == "sign_in_required"
    with tenant_a:
        assert not Card.objects.exists()
    # the owner, signed in, joins normally
    assert tenant_a.client(victim).post(JOIN, form(email="victim@example.lu")).status_code == 302


def test_refusals_count_against_the_join_limit(tenant_a, program):
    tenant_a.customer("victim@example.lu")
    client = api(tenant_a)
    codes = [
        client.post(ENROL, {**form(email="victim@example.lu"), "terms_accepted": True}, content_type=JSON).status_code
        for _n in range(11)
    ]
    assert codes[-1] == 429 and set(codes[:10]) == {403}


@pytest.mark.parametrize(
    "fields",
    [
        {"first_name": "x" * 100_000},
        {"email": "a" * 300 + "@example.lu"},
        {"referral_code": "R" * 5000},
        {"email": ["a@example.lu"]},
        {"terms_accepted": "yes please"},
    ],
)
def test_huge_and_odd_enrol_bodies_are_400(tenant_a, program, fields):
    response = api(tenant_a).post(ENROL, {**form(), "terms_accepted": True, **fields}, content_type=JSON)
    assert response.status_code == 400, response.content


def test_a_referral_code_of_a_disabled_or_unknown_card_pays_nothing_odd(tenant_a, program):
    with tenant_a:
        referrer = card_make(tenant_a.store, email="ref@example.lu")
    ok = api(tenant_a).post(
        ENROL,
        {**form(email="friend@example.lu"), "terms_accepted": True, "referral_code": referrer.referral_code},
        content_type=JSON,
    )
    assert ok.status_code == 201
    with tenant_a:
        friend = Card.objects.get(customer__email="friend@example.lu")
        assert friend.referred_by_id == referrer.pk and friend.referred_by_id != friend.pk
        assert friend.referral_code != referrer.referral_code


def test_hostile_names_are_escaped_on_every_page(tenant_a, program, platform_admin):
    with tenant_a:
        Program.objects.update(name=XSS, stamps_reward=XSS)
        card = services.card_enrol(store=tenant_a.store, email="x@example.lu", first_name=XSS, last_name=XSS)
        pin = pin_make(tenant_a.store, name=XSS[:80])
        services.stamp_add(terminal=services.Terminal(store=tenant_a.store, pin=pin), card=card)
    owner = tenant_a.client(tenant_a.owner())
    base = "/store/ALPHA/loyalty"
    for url in (
        f"{base}/terminal",
        f"{base}/cards/",
        f"{base}/cards/{card.pk}/",
        f"{base}/stats/",
        f"{base}/settings/",
        f"{base}/settings/pins/",
    ):
        page = owner.get(url)
        assert page.status_code == 200, url
        assert "<script>alert" not in page.content.decode() and "<img src=x" not in page.content.decode(), url
    export = owner.get(f"{base}/cards/export.csv")
    assert export.status_code == 200
    cells = b"".join(export.streaming_content).decode().replace("\n", ",").split(",")
    assert not any(cell.strip('"').startswith(("=", "+", "@")) for cell in cells)
    customer = tenant_a.customer("x@example.lu")
    with tenant_a:
        Customer.objects.filter(pk=card.customer_id).update(user=customer)
    shop = tenant_a.client(customer)
    for url in ("/account/loyalty/", "/account/loyalty/history/", JOIN):
        page = shop.get(url)
        assert "<script>alert" not in page.content.decode(), url
    directory_refresh(merchant=tenant_a.merchant)
    admin = Client(HTTP_HOST=DOMAIN)
    with schema_context("public"):  # the storefront requests above leave the connection in A's schema
        admin.force_login(platform_admin)
    listing = admin.get("/admin/loyalty_platform/programdirectory/")
    assert "<script>alert" not in listing.content.decode()


def test_a_staff_member_cannot_enrol_a_customer_into_someone_elses_account_at_the_till(tenant_a, program):
    """At the counter the customer stands there: enrolling an e-mail links the existing record
    (that is the till's job), and the answer never names another customer's card."""
    with tenant_a:
        card_make(tenant_a.store, email="held@example.lu")
        pin = pin_make(tenant_a.store)
    user = tenant_a.member(Role.CASHIER)
    client = api(tenant_a, token_for(tenant_a, user.email))
    response = client.post(
        "/api/v1/store/stores/ALPHA/loyalty/cards/enrol/",
        {"email": "held@example.lu", "staff_pin_id": pin.pk, "pin": "4321"},
        content_type=JSON,
        HTTP_IDEMPOTENCY_KEY="e1",
    )
    assert (response.status_code, response.json()["code"]) == (409, "already_enrolled")
    assert "number" not in str(response.json().get("fields"))
