"""The customer's loyalty API on the store's domain: the programme, joining (anonymous, with the
page's rules), the signed-in customer's card and transactions by token or session, the public
programme summary, and what another merchant's domain answers."""

from __future__ import annotations

import pytest
from django.core import mail

from apps.loyalty.models import Card, Program
from apps.loyalty.platform.models import MerchantLoyaltyPolicy

from ..accounts.test_api import api, token_for
from .factories import card_make, program_make

BASE = "/api/v1/storefront/loyalty"
JSON = "application/json"


def body(**fields):
    return {"email": "api@example.lu", "first_name": "Api", "terms_accepted": True, **fields}


@pytest.fixture
def program(tenant_a):
    with tenant_a:
        return program_make(Program.Kind.POINTS, welcome_bonus_points=20, name="Alpha Points")


def test_program_and_anonymous_enrol(tenant_a, program, django_capture_on_commit_callbacks):
    client = api(tenant_a)
    got = client.get(f"{BASE}/program/").json()
    assert got["name"] == "Alpha Points" and got["kind"] == "points" and got["self_enrolment"] is True
    assert got["rewards"][0]["name"] == "Tote bag" and got["join_url"].endswith("/loyalty/join/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/enroll/", body(), content_type=JSON)
    assert response.status_code == 201, response.content
    card = response.json()
    assert card["points_balance"] == 20 and card["qr_payload"] == f"LOYALTY:{card['number']}"
    assert len(mail.outbox) == 1
    again = client.post(f"{BASE}/enroll/", body(email="API@example.lu"), content_type=JSON)
    assert again.status_code == 409 and again.json()["code"] == "already_enrolled"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "nope"}, "email"),
        ({"terms_accepted": False}, "terms_accepted"),
        ({"terms_accepted": "maybe"}, "terms_accepted"),
        ({"first_name": "x" * 10_000}, "first_name"),
        ({"referral_code": ["a"]}, "referral_code"),
        ({"email": None}, "email"),
    ],
)
def test_bad_enrol_bodies_are_400(tenant_a, program, fields, field):
    response = api(tenant_a).post(f"{BASE}/enroll/", body(**fields), content_type=JSON)
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert api(tenant_a).post(f"{BASE}/enroll/", "[1, 2", content_type=JSON).status_code == 400
    assert api(tenant_a).post(f"{BASE}/enroll/", [1], content_type=JSON).status_code == 400


def test_enrol_refused_by_policy_and_programme_state(tenant_a):
    client = api(tenant_a)
    assert client.get(f"{BASE}/program/").status_code == 404
    assert client.post(f"{BASE}/enroll/", body(), content_type=JSON).json()["code"] == "loyalty_no_program"
    with tenant_a:
        program_make(is_active=False)
    off = client.post(f"{BASE}/enroll/", body(), content_type=JSON)
    assert off.status_code == 403 and off.json()["code"] == "loyalty_program_inactive"
    with tenant_a:
        Program.objects.update(is_active=True)
    MerchantLoyaltyPolicy.objects.create(merchant=tenant_a.merchant, self_enrolment=False)
    refused = client.post(f"{BASE}/enroll/", body(), content_type=JSON)
    assert refused.status_code == 403 and refused.json()["code"] == "self_enrolment_off"
    assert client.get(f"{BASE}/program/").json()["self_enrolment"] is False


def test_enrol_is_limited_per_address(tenant_a, program):
    client = api(tenant_a)
    for i in range(10):
        assert client.post(f"{BASE}/enroll/", body(email=f"n{i}@example.lu"), content_type=JSON).status_code == 201
    response = client.post(f"{BASE}/enroll/", body(email="late@example.lu"), content_type=JSON)
    assert response.status_code == 429 and "Retry-After" in response


def test_journey_5_card_and_transactions_by_token_and_session(tenant_a, program):
    user = tenant_a.customer("tok@example.lu")
    with tenant_a:
        card = card_make(tenant_a.store, "tok@example.lu", user=user)
    by_token = api(tenant_a, token_for(tenant_a, user.email))
    got = by_token.get(f"{BASE}/card/").json()
    assert got["number"] == card.number and got["points_balance"] == 20 and got["email"] == "tok@example.lu"
    page = by_token.get(f"{BASE}/transactions/").json()
    assert page["count"] == 1
    assert page["results"][0]["kind"] == "welcome" and page["results"][0]["store"] == {"code": "ALPHA", "name": "Alpha"}
    assert tenant_a.client(user).get(f"{BASE}/card/").json()["number"] == card.number
    for path in ("card", "transactions"):
        assert api(tenant_a).get(f"{BASE}/{path}/").status_code == 401
    nocard = api(tenant_a, token_for(tenant_a, tenant_a.customer("none@example.lu").email))
    assert nocard.get(f"{BASE}/card/").json()["code"] == "card_not_found"
    assert nocard.get(f"{BASE}/transactions/").status_code == 404


def test_signed_in_enrol_links_the_account(tenant_a, program):
    user = tenant_a.customer("linked@example.lu")
    client = api(tenant_a, token_for(tenant_a, user.email))
    assert client.post(f"{BASE}/enroll/", body(email="linked@example.lu"), content_type=JSON).status_code == 201
    assert client.get(f"{BASE}/card/").status_code == 200


def test_public_programme_summary(tenant_a, tenant_b, program):
    got = api(tenant_a).get("/api/v1/loyalty/programs/alpha2/")
    assert got.status_code == 200
    data = got.json()
    assert data["name"] == "Alpha Points" and data["points_per_euro"] == "10.00" and data["card_colour"] == "#1f3a5f"
    assert "terms" not in data and data["join_url"].endswith("/loyalty/join/")
    assert api(tenant_a).get("/api/v1/loyalty/programs/NOPE/").status_code == 404
    # another merchant's domain: A's store is unknown there, and B has no programme
    assert api(tenant_b).get("/api/v1/loyalty/programs/ALPHA/").status_code == 404
    assert api(tenant_b).get("/api/v1/loyalty/programs/BETA/").json()["code"] == "loyalty_no_program"


def test_another_merchants_domain_never_shows_a_card_of_merchant_a(tenant_a, tenant_b, program):
    with tenant_a:
        card_make(tenant_a.store, "cross@example.lu")
    with tenant_b:
        program_make(name="Beta Club")
    b_user = tenant_b.customer("cross@example.lu")
    client = api(tenant_b, token_for(tenant_b, b_user.email))
    assert client.get(f"{BASE}/program/").json()["name"] == "Beta Club"
    assert client.get(f"{BASE}/card/").status_code == 404
    # enrolling the same e-mail on B makes B's own card; A's stays alone in A
    assert client.post(f"{BASE}/enroll/", body(email="cross@example.lu"), content_type=JSON).status_code == 201
    with tenant_a:
        assert Card.objects.count() == 1


def test_operation_ids_are_in_the_schema(tenant_a):
    schema = tenant_a.client().get("/api/schema/", HTTP_ACCEPT="application/json")
    text = schema.content.decode()
    for op in ("program", "enroll", "card", "transactions", "public_program"):
        assert f"loyalty_storefront_{op}" in text
