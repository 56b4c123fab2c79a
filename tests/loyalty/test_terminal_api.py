"""The till terminal through the store API: journeys 2 (stamps), 3 (points), 7 (void) and 8 (cross
store), the anti-fraud rules, idempotency, staff PINs and bad input."""

from __future__ import annotations

import json
import uuid

import pytest

from apps.core.roles import Role
from apps.loyalty.models import Card, Program, Reward, StaffPin, Transaction
from apps.loyalty.platform.models import MerchantLoyaltyPolicy

from ..accounts.test_api import api, token_for
from .factories import PIN, card_make, ledger_balanced, pin_make, program_make

A = "/api/v1/store/stores/ALPHA/loyalty"
A2 = "/api/v1/store/stores/ALPHA2/loyalty"
B = "/api/v1/store/stores/BETA/loyalty"
JSON = "application/json"


class Till:
    """A terminal: an API client of a store's member, sending JSON with a fresh key per action."""

    def __init__(self, tenant, base, role=Role.CASHIER, store=None):
        user = tenant.member(role, store=store) if role != Role.OWNER else tenant.owner()
        self.client = api(tenant, token_for(tenant, user.email))
        self.base = base

    def post(self, path, body, key=None, **headers):
        key = key or str(uuid.uuid4())
        return self.client.post(
            f"{self.base}/{path}", json.dumps(body), content_type=JSON, HTTP_IDEMPOTENCY_KEY=key, **headers
        )

    def get(self, path):
        return self.client.get(f"{self.base}/{path}")


@pytest.fixture
def stamps(tenant_a):
    with tenant_a:
        program_make(Program.Kind.HYBRID, stamps_target=3)
        pin = pin_make(tenant_a.store)
        card = card_make(tenant_a.store)
    return pin, card


def staff(pin, code=PIN):
    return {"staff_pin_id": pin.pk, "pin": code}


def test_journey_2_stamps_until_the_reward(tenant_a, stamps):
    pin, card = stamps
    till = Till(tenant_a, A)
    found = till.post("cards/lookup/", {"qr": card.qr_payload})
    assert found.status_code == 200, found.content
    body = found.json()
    assert body["number"] == card.number and body["name"] == "Carla Card" and body["stamps_target"] == 3
    assert body["enrolled_store_code"] == "ALPHA" and body["redeemable_here"] is True
    with tenant_a:
        Program.objects.update(stamp_cooldown_minutes=0)
    for n in (1, 2, 3):
        response = till.post("stamp/", {"number": card.display_number, **staff(pin), "order_reference": f"R{n}"})
        assert response.status_code == 200, response.content
        assert response.json()["message"].startswith(f"Stamp added: {n} of 3.")
    body = response.json()
    assert "Reward ready" in body["message"]
    assert body["transaction"]["staff_name"] == "Alice" and body["transaction"]["store_name"] == "Alpha"
    assert [r for r in body["card"]["rewards"] if r["kind"] == "stamps"][0]["available"] is True
    redeemed = till.post("stamp/redeem/", {"card_id": card.pk, **staff(pin)})
    assert redeemed.status_code == 200, redeemed.content
    assert redeemed.json()["card"]["stamps_balance"] == 0
    assert redeemed.json()["transaction"]["reward_name"] == "Free coffee"
    with tenant_a:
        txn = Transaction.objects.filter(card=card, kind="stamp").first()
        assert txn.ip_address == "127.0.0.1" and txn.order_reference == "R3"
        assert ledger_balanced(card)


def test_journey_3_points_and_rewards(tenant_a, stamps):
    pin, card = stamps
    till = Till(tenant_a, A)
    earned = till.post("points/", {"card": card.pk, "amount": "25.00", **staff(pin)}, HTTP_X_DEVICE_NAME="Till 1")
    assert earned.status_code == 200, earned.content
    assert earned.json()["transaction"]["points_delta"] == 250
    assert "250 points added" in earned.json()["message"]
    with tenant_a:
        reward = Reward.objects.get(name="Tote bag")
        assert Transaction.objects.get(pk=earned.json()["transaction"]["id"]).device == "Till 1"
    rewards = {r["id"]: r for r in earned.json()["card"]["rewards"] if r["kind"] == "points"}
    assert rewards[reward.pk]["available"] is True
    for _i in range(2):
        assert till.post("points/redeem/", {"card": card.pk, "reward_id": reward.pk, **staff(pin)}).status_code == 200
    short = till.post("points/redeem/", {"card": card.pk, "reward_id": reward.pk, **staff(pin)})
    assert short.status_code == 400 and short.json()["code"] == "not_enough_points"
    assert "50" in short.json()["message"]
    history = till.get(f"cards/{card.pk}/transactions/")
    assert history.status_code == 200 and history.json()["count"] == 3
    assert history.json()["results"][0]["kind"] == "points_redeem"


def test_journey_7_void_linked_and_capped(tenant_a, stamps):
    pin, card = stamps
    till = Till(tenant_a, A)
    earned = till.post("points/", {"card": card.pk, "amount": "25", **staff(pin)}).json()["transaction"]
    with tenant_a:
        reward = Reward.objects.get(name="Tote bag")
    till.post("points/redeem/", {"card": card.pk, "reward_id": reward.pk, **staff(pin)})
    data = {"card": card.pk, "transaction_id": earned["id"], "reason": "Wrong card", **staff(pin)}
    void = till.post("points/void/", data)
    assert void.status_code == 200, void.content
    body = void.json()
    assert body["transaction"]["points_delta"] == -150 and body["transaction"]["voids"] == earned["id"]
    assert body["card"]["points_balance"] == 0
    listed = {t["id"]: t for t in till.get(f"cards/{card.pk}/transactions/").json()["results"]}
    assert listed[earned["id"]]["voided_by"] == body["transaction"]["id"]
    again = till.post("stamp/void/", {"card": card.pk, "transaction_id": earned["id"], **staff(pin)})
    assert again.status_code == 400 and again.json()["code"] == "already_voided"
    of_void = till.post("stamp/void/", {"card": card.pk, "transaction_id": body["transaction"]["id"], **staff(pin)})
    assert of_void.json()["code"] == "void_of_void"
    with tenant_a:
        other = card_make(tenant_a.store, email="other@example.lu")
    foreign = till.post("points/void/", {"card": other.pk, "transaction_id": earned["id"], **staff(pin)})
    assert foreign.status_code == 404 and foreign.json()["code"] == "transaction_not_found"
    with tenant_a:
        assert ledger_balanced(card) and ledger_balanced(other)


def test_journey_8_cross_store_and_other_merchant(tenant_a, tenant_b, stamps):
    _pin, card = stamps
    with tenant_a:
        bob = pin_make(tenant_a.stores["ALPHA2"], name="Bob")
    till2 = Till(tenant_a, A2, role=Role.OWNER)
    assert till2.post("points/", {"card": card.pk, "amount": "20", **staff(bob)}).status_code == 200
    with tenant_a:
        reward = Reward.objects.get(name="Tote bag")
    redeemed = till2.post("points/redeem/", {"qr": card.qr_payload, "reward_id": reward.pk, **staff(bob)})
    assert redeemed.status_code == 200, redeemed.content
    stores = {t["store_code"] for t in redeemed.json()["card"]["transactions"]}
    assert stores == {"ALPHA2"} and redeemed.json()["card"]["enrolled_store_code"] == "ALPHA"
    MerchantLoyaltyPolicy.objects.create(merchant=tenant_a.merchant, cross_store_redemption=False)
    till2.post("points/", {"card": card.pk, "amount": "20", **staff(bob)})
    assert till2.post("cards/lookup/", {"number": card.number}).json()["redeemable_here"] is False
    refused = till2.post("points/redeem/", {"card": card.pk, "reward_id": reward.pk, **staff(bob)})
    assert refused.status_code == 403 and refused.json()["code"] == "cross_store_not_allowed"
    # another merchant's host finds nothing of tenant_a's card
    with tenant_b:
        program_make()
        beta_pin = pin_make(tenant_b.store, name="Beth")
    beta = Till(tenant_b, B, role=Role.OWNER)
    assert beta.post("cards/lookup/", {"number": card.number}).json()["code"] == "card_not_found"
    assert beta.post("cards/lookup/", {"qr": card.qr_payload}).status_code == 404
    assert beta.get(f"cards/{card.pk}/").status_code == 404
    assert beta.get(f"cards/{card.pk}/transactions/").status_code == 404
    stamped = beta.post("points/", {"card_id": card.pk, "amount": "5", **staff(beta_pin)})
    assert stamped.status_code == 404 and stamped.json()["code"] == "card_not_found"
    # nor can a store code of tenant_a be used on tenant_b's host
    assert beta.client.post(f"{A}/cards/lookup/", {"number": card.number}, content_type=JSON).status_code == 404


def test_anti_fraud_cooldown_daily_limit_and_pins(tenant_a, stamps):
    pin, card = stamps
    till = Till(tenant_a, A)
    assert till.post("stamp/", {"card": card.pk, **staff(pin)}).status_code == 200
    soon = till.post("stamp/", {"card": card.pk, **staff(pin)})
    assert soon.status_code == 400 and soon.json()["code"] == "stamp_cooldown"
    assert "Next stamp possible at" in soon.json()["message"]
    with tenant_a:
        Program.objects.update(stamp_cooldown_minutes=0, max_stamps_per_day=2)
    assert till.post("stamp/", {"card": card.pk, **staff(pin)}).status_code == 200
    limit = till.post("stamp/", {"card": card.pk, **staff(pin)})
    assert limit.json()["code"] == "daily_limit" and "tomorrow" in limit.json()["message"]
    missing = till.post("stamp/", {"card": card.pk})
    assert missing.status_code == 400 and missing.json()["code"] == "pin_required"
    codes = [till.post("stamp/", {"card": card.pk, **staff(pin, "0000")}).json()["code"] for _i in range(5)]
    assert codes == ["pin_wrong"] * 4 + ["pin_locked"]
    locked = till.post("stamp/", {"card": card.pk, **staff(pin)})
    assert locked.status_code == 403 and locked.json()["code"] == "pin_locked"
    assert "works again at" in locked.json()["message"]
    with tenant_a:
        other_store = pin_make(tenant_a.stores["ALPHA2"], name="Bob")
    foreign = till.post("stamp/", {"card": card.pk, **staff(other_store)})
    assert foreign.status_code == 404 and foreign.json()["code"] == "pin_not_found"


def test_idempotent_replay_and_reused_key(tenant_a, stamps):
    pin, card = stamps
    till = Till(tenant_a, A)
    body = {"card": card.pk, "amount": "10.00", **staff(pin)}
    first = till.post("points/", body, key="k-1")
    again = till.post("points/", body, key="k-1")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    with tenant_a:
        assert Card.objects.get(pk=card.pk).points_balance == 100
        assert Transaction.objects.filter(card=card, kind="points_earn").count() == 1
    other = till.post("points/", {**body, "amount": "11.00"}, key="k-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    no_key = till.client.post(f"{A}/points/", json.dumps(body), content_type=JSON)
    assert no_key.status_code == 400 and no_key.json()["code"] == "idempotency_key_required"
    with tenant_a:
        assert Card.objects.get(pk=card.pk).points_balance == 100 and ledger_balanced(card)


def test_enrol_at_the_counter(tenant_a, stamps):
    pin, _card = stamps
    till = Till(tenant_a, A)
    data = {"email": "new@example.lu", "first_name": "Nina", "last_name": "New", "marketing_consent": True}
    made = till.post("cards/enrol/", {**data, **staff(pin)})
    assert made.status_code == 201, made.content
    assert made.json()["card"]["name"] == "Nina New" and "made" in made.json()["message"]
    twice = till.post("cards/enrol/", {**data, **staff(pin)})
    assert twice.status_code == 409 and twice.json()["code"] == "already_enrolled"
    bad = till.post("cards/enrol/", {"email": "nope", **staff(pin)})
    assert bad.status_code == 400 and "email" in bad.json()["fields"]


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("cards/lookup/", {"qr": "LOYALTY:12"}, 400, "qr_invalid"),
        ("cards/lookup/", {"qr": "https://evil.example/"}, 400, "qr_invalid"),
        ("cards/lookup/", {"number": "1234-5678-9010"}, 400, "card_not_found"),
        ("cards/lookup/", {}, 400, "card_not_found"),
        ("points/", {"amount": "abc"}, 400, "amount_invalid"),
        ("points/", {"amount": "-1"}, 400, "amount_invalid"),
        ("points/", {"amount": "1e3"}, 400, "amount_invalid"),
        ("points/", {"amount": "0"}, 400, "amount_invalid"),
        ("points/redeem/", {"reward_id": "999999"}, 404, "reward_not_found"),
        ("points/redeem/", {"reward_id": "x"}, 404, "reward_not_found"),
        ("stamp/void/", {"transaction_id": "abc"}, 404, "transaction_not_found"),
        ("stamp/", {"card_id": "99999999"}, 404, "card_not_found"),
        ("stamp/", {"card_id": "x'--"}, 404, "card_not_found"),
    ],
)
def test_bad_input_gets_a_code(tenant_a, stamps, path, body, status, code):
    pin, card = stamps
    till = Till(tenant_a, A)
    data = {"card": card.pk, **staff(pin), **body} if path != "cards/lookup/" else body
    response = till.post(path, data)
    assert (response.status_code, response.json()["code"]) == (status, code), response.content


def test_pins_are_managed_by_managers_only(tenant_a, stamps):
    pin, _card = stamps
    manager = Till(tenant_a, A, role=Role.MANAGER)
    listed = manager.get("pins/")
    assert listed.status_code == 200
    assert listed.json()[0]["name"] == "Alice" and "pin_hash" not in listed.json()[0]
    made = manager.client.post(f"{A}/pins/", {"name": "Zoe", "pin": "123456"}, content_type=JSON)
    assert made.status_code == 201 and set(made.json()) >= {"id", "failed_attempts", "locked_until", "last_used_at"}
    reset = manager.client.patch(f"{A}/pins/{pin.pk}/", {"pin": "5555"}, content_type=JSON)
    assert reset.status_code == 200
    bad = manager.client.patch(f"{A}/pins/{pin.pk}/", {"pin": "12"}, content_type=JSON)
    assert bad.status_code == 400 and bad.json()["code"] == "pin_invalid"
    assert manager.client.delete(f"{A}/pins/{made.json()['id']}/").status_code == 204
    with tenant_a:
        assert not StaffPin.objects.get(pk=made.json()["id"]).is_active
    cashier = Till(tenant_a, A)
    assert cashier.get("pins/").status_code == 403
    assert [p["name"] for p in cashier.get("staff/").json()] == ["Alice"]
    assert "failed_attempts" not in cashier.get("staff/").json()[0]


def test_stamp_call_query_count(tenant_a, stamps, queries):
    pin, card = stamps
    till = Till(tenant_a, A)
    till.post("cards/lookup/", {"number": card.number})  # warm the session and caches
    body = json.dumps({"card": card.pk, **staff(pin)})
    # sign-in and store, rules (read once: the view hands them to the ledger), the PIN check, the
    # key's row, the card, the ledger, the answer (rewards, transactions with their stores, the
    # customer, read with the locked card), the answer saved
    with queries.exactly(24):
        response = till.client.post(f"{A}/stamp/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="q-1")
    assert response.status_code == 200
