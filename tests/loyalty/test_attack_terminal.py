"""Attacks on the till terminal's API: another merchant's and another role's reach, idempotency
keys reused across users and endpoints, hostile amounts and ids, voids of what may not be voided,
balances pushed past their columns. Every refusal is a 4xx with a code and the ledger stays equal
to the balance."""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal

import pytest

from apps.core.roles import Role
from apps.loyalty import services
from apps.loyalty.models import Card, Program, Reward, Tier, Transaction
from apps.orders.models import IdempotentRequest

from ..accounts.test_api import api, token_for
from .factories import PIN, card_make, ledger_balanced, pin_make, program_make
from .test_terminal_api import A, B, Till, staff


@pytest.fixture
def setup(tenant_a):
    with tenant_a:
        program_make(Program.Kind.HYBRID, stamps_target=3, stamp_cooldown_minutes=0, max_stamps_per_day=50)
        pin = pin_make(tenant_a.store)
        card = card_make(tenant_a.store)
    return pin, card


def cashier(tenant, email, base=A):
    user = tenant.member(Role.CASHIER, email=email)
    till = Till.__new__(Till)
    till.client, till.base = api(tenant, token_for(tenant, user.email)), base
    return till


# --- another merchant ---------------------------------------------------------------------------


def test_merchant_b_reaches_nothing_of_merchant_a(tenant_a, tenant_b, setup):
    pin, card = setup
    with tenant_a:
        txn = services.points_earn(terminal=services.Terminal(store=tenant_a.store), card=card, amount=Decimal(5))
    with tenant_b:
        program_make(Program.Kind.HYBRID, pin_required=False)
    beta = Till(tenant_b, B, role=Role.OWNER)
    for body in ({"qr": card.qr_payload}, {"number": card.number}):
        assert beta.post("cards/lookup/", body).json()["code"] == "card_not_found"
    assert beta.get(f"cards/{card.pk}/").status_code == 404
    assert beta.get(f"cards/{card.pk}/transactions/").status_code == 404
    for path, body in (
        ("stamp/", {"card": card.pk}),
        ("points/", {"card": card.pk, "amount": "5"}),
        ("points/void/", {"card": card.pk, "transaction_id": txn.transaction.pk}),
        ("stamp/", {**staff(pin), "card": card.pk}),
    ):
        response = beta.post(path, body)
        assert response.status_code == 404, (path, response.content)
    assert beta.client.patch(f"{B}/pins/{pin.pk}/", {"pin": "1111"}, content_type="application/json").status_code == 404
    # B's token on A's store path, and B's token on A's domain
    assert beta.client.get(f"{A}/cards/{card.pk}/").status_code in (403, 404)
    owner_b = tenant_b.owner()
    on_a = api(tenant_a, token_for(tenant_b, owner_b.email))
    assert on_a.get(f"{A}/cards/{card.pk}/").status_code in (401, 403, 404)
    assert on_a.get(f"{A}/stats/").status_code in (401, 403, 404)
    with tenant_a:
        assert ledger_balanced(card) and card.points_balance == 50


def test_a_cashier_does_no_manager_work(tenant_a, setup):
    pin, card = setup
    till = Till(tenant_a, A)
    assert (
        till.client.post(f"{A}/pins/", {"name": "Eve", "pin": "1234"}, content_type="application/json").status_code
        == 403
    )
    assert till.client.patch(f"{A}/pins/{pin.pk}/", {"pin": "1111"}, content_type="application/json").status_code == 403
    assert till.client.delete(f"{A}/pins/{pin.pk}/").status_code == 403
    assert (
        till.client.patch(f"{A}/program/", {"points_per_euro": "1000"}, content_type="application/json").status_code
        == 403
    )
    assert (
        till.client.post(
            f"{A}/rewards/", {"name": "Free", "points_cost": 1}, content_type="application/json"
        ).status_code
        == 403
    )
    assert till.get("stats/").status_code == 403
    user = tenant_a.member(Role.CASHIER)
    page = tenant_a.client(user)
    base = "/store/ALPHA/loyalty"
    assert page.get(f"{base}/cards/export.csv").status_code == 403
    adjust = page.post(f"{base}/cards/{card.pk}/", {"points": "1000", "reason": "gift"})
    assert adjust.status_code == 403
    assert page.post(f"{base}/cards/{card.pk}/active/", {"active": "0"}).status_code == 403
    with tenant_a:
        assert ledger_balanced(card) and card.points_balance == 0 and card.is_active


# --- idempotency --------------------------------------------------------------------------------


def test_a_key_of_another_user_is_never_answered_with_their_result(tenant_a, setup):
    pin, card = setup
    first, second = cashier(tenant_a, "one@a.test"), cashier(tenant_a, "two@a.test")
    body = {"card": card.pk, "amount": "1", **staff(pin)}
    assert first.post("points/", body, key="till-1").status_code == 200
    other = second.post("points/", body, key="till-1")
    assert other.status_code == 200, other.content
    assert "Idempotent-Replayed" not in other
    with tenant_a:
        card.refresh_from_db()
        assert card.points_balance == 20 and ledger_balanced(card)


def test_a_key_reused_on_another_endpoint_is_refused(tenant_a, setup):
    pin, card = setup
    till = Till(tenant_a, A)
    body = {"card": card.pk, **staff(pin)}
    for _n in range(3):
        assert till.post("stamp/", body, key=f"s-{_n}").status_code == 200
    assert till.post("stamp/", body, key="shared").status_code == 200
    redeem = till.post("stamp/redeem/", body, key="shared")
    assert (redeem.status_code, redeem.json()["code"]) == (422, "idempotency_key_reused"), redeem.content
    assert "Idempotent-Replayed" not in redeem
    with tenant_a:
        card.refresh_from_db()
        assert card.stamps_balance == 4 and ledger_balanced(card)


def test_the_pin_is_never_kept_nor_logged(tenant_a, setup, caplog):
    pin, card = setup
    till = Till(tenant_a, A)
    with caplog.at_level(logging.DEBUG):
        till.post("stamp/", {"card": card.pk, "staff_pin_id": pin.pk, "pin": "9876"})
        till.post("stamp/", {"card": card.pk, **staff(pin)}, key="kept")
    assert "9876" not in caplog.text and PIN not in caplog.text
    with tenant_a:
        row = IdempotentRequest.objects.get(key="kept")
        assert PIN not in str(row.response) and PIN not in row.request_hash
        assert not Transaction.objects.filter(device__contains=PIN).exists()
    listed = Till(tenant_a, A, role=Role.MANAGER).get("pins/").json()
    assert PIN not in str(listed) and "pin_hash" not in str(listed)


def test_cycling_one_pin_across_staff_pins_is_stopped(tenant_a, setup):
    pin, card = setup
    with tenant_a:
        pins = [pin] + [pin_make(tenant_a.store, name=f"Staff {n}", pin=f"{5000 + n}") for n in range(6)]
    till = Till(tenant_a, A)
    codes = []
    for guess in range(40):
        for row in pins:
            response = till.post("stamp/", {"card": card.pk, "staff_pin_id": row.pk, "pin": f"{1000 + guess:04d}"})
            assert response.status_code in (403, 429), response.content
            codes.append(response.json()["code"])
            if response.status_code == 429:
                break
        if codes[-1] == "pin_attempts_throttled":
            break
    assert codes[-1] == "pin_attempts_throttled", codes[-5:]
    assert len(codes) <= 30
    # the right PIN is refused too while throttled: the guesser learns nothing
    assert till.post("stamp/", {"card": card.pk, **staff(pin)}).status_code == 429
    # another terminal user is not affected
    assert Till(tenant_a, A, role=Role.MANAGER).post("stamp/", {"card": card.pk, **staff(pin)}).status_code in (
        200,
        403,
    )


# --- hostile input ------------------------------------------------------------------------------

BAD_AMOUNTS = [
    "1e3",
    "1E3",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "-5",
    "0",
    "0.00",
    "100000.01",
    "25.001",
    "１２",
    "١٢",
    "1_000",
    " ",
    "0x10",
    1e308,
    -1,
    10**40,
    True,
    [],
    {},
    None,
]


@pytest.mark.parametrize("amount", BAD_AMOUNTS)
def test_hostile_amounts_are_400(tenant_a, setup, amount):
    pin, card = setup
    response = Till(tenant_a, A).post("points/", {"card": card.pk, "amount": amount, **staff(pin)})
    assert response.status_code == 400, response.content
    assert response.json()["code"] in ("amount_invalid", "invalid", "validation_failed"), response.content
    with tenant_a:
        assert ledger_balanced(card) and card.points_balance == 0


@pytest.mark.parametrize(
    "body",
    [
        {"card": "99999999999999999999"},
        {"card": "١"},
        {"card": "-1"},
        {"card_id": ["1"]},
        {"number": "1" * 40},
        {"qr": "LOYALTY:" + "9" * 190},
        {"qr": "LOYALTY:١٢٣٤٥٦٧٨٩٠١٢"},
        {"number": "１２３４５６７８９０１２"},
    ],
)
def test_hostile_card_ids_are_4xx(tenant_a, setup, body):
    pin, _card = setup
    response = Till(tenant_a, A).post("stamp/", {**body, **staff(pin)})
    assert 400 <= response.status_code < 500, response.content
    assert response.json()["code"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("points/redeem/", {"reward_id": "99999999999999999999"}),
        ("points/redeem/", {"reward_id": "١"}),
        ("points/void/", {"transaction_id": "99999999999999999999"}),
        ("points/void/", {"transaction_id": "١"}),
        ("stamp/", {"staff_pin_id": "99999999999999999999", "pin": PIN}),
        ("stamp/", {"staff_pin_id": "١", "pin": PIN}),
        ("stamp/", {"staff_pin_id": None, "pin": PIN}),
    ],
)
def test_hostile_other_ids_are_4xx(tenant_a, setup, path, body):
    pin, card = setup
    with tenant_a:
        services.card_adjust(terminal=services.Terminal(store=tenant_a.store), card=card, points=500, reason="t")
    response = Till(tenant_a, A).post(path, {"card": card.pk, **staff(pin), **body})
    assert 400 <= response.status_code < 500, response.content
    with tenant_a:
        assert ledger_balanced(card) and card.points_balance == 500


def test_a_deactivated_reward_and_an_off_programme_refuse(tenant_a, setup):
    pin, card = setup
    with tenant_a:
        services.card_adjust(terminal=services.Terminal(store=tenant_a.store), card=card, points=500, reason="t")
        reward = Reward.objects.get()
        Reward.objects.update(is_active=False)
    till = Till(tenant_a, A)
    response = till.post("points/redeem/", {"card": card.pk, "reward_id": reward.pk, **staff(pin)})
    assert (response.status_code, response.json()["code"]) == (404, "reward_not_found")
    with tenant_a:
        Card.objects.filter(pk=card.pk).update(is_active=False)
    assert till.post("stamp/", {"card": card.pk, **staff(pin)}).json()["code"] == "card_inactive"
    with tenant_a:
        Card.objects.filter(pk=card.pk).update(is_active=True)
        Program.objects.update(is_active=False)
    response = till.post("stamp/", {"card": card.pk, **staff(pin)})
    assert (response.status_code, response.json()["code"]) == (403, "loyalty_program_inactive"), response.content
    with tenant_a:
        assert ledger_balanced(card) and card.points_balance == 500


def test_voids_of_what_cannot_be_voided(tenant_a, setup):
    pin, card = setup
    with tenant_a:
        Program.objects.update(welcome_bonus_points=30)
        other = card_make(tenant_a.store, email="other@example.lu")
        welcome = other.transactions.get()
        foreign = services.stamp_add(terminal=services.Terminal(store=tenant_a.store), card=other).transaction
    till = Till(tenant_a, A)
    stamp = till.post("stamp/", {"card": card.pk, **staff(pin)}).json()["transaction"]["id"]
    assert till.post("stamp/void/", {"card": other.pk, "transaction_id": welcome.pk, **staff(pin)}).json()["code"] == (
        "not_voidable"
    )
    assert till.post("stamp/void/", {"card": card.pk, "transaction_id": foreign.pk, **staff(pin)}).status_code == 404
    void = till.post("stamp/void/", {"card": card.pk, "transaction_id": stamp, **staff(pin)})
    assert void.status_code == 200
    again = till.post("stamp/void/", {"card": card.pk, "transaction_id": stamp, **staff(pin)})
    assert (again.status_code, again.json()["code"]) == (400, "already_voided")
    void_id = void.json()["transaction"]["id"]
    of_void = till.post("points/void/", {"card": card.pk, "transaction_id": void_id, **staff(pin)})
    assert (of_void.status_code, of_void.json()["code"]) == (400, "void_of_void")
    with tenant_a:
        assert ledger_balanced(card) and ledger_balanced(other)


def test_a_balance_never_overflows_its_column(tenant_a, setup):
    """The largest purchase at the highest rate and multiplier, again and again: a clear refusal
    once the balance would pass its limit, never a database error."""
    pin, card = setup
    with tenant_a:
        Program.objects.update(points_per_euro=Decimal("1000"), tiers_enabled=True)
        tier = Tier.objects.create(name="Gold", threshold=0, multiplier=Decimal("10"))
        Card.objects.filter(pk=card.pk).update(tier=tier)
    till = Till(tenant_a, A)
    statuses = set()
    for _n in range(4):
        response = till.post("points/", {"card": card.pk, "amount": "100000", **staff(pin)})
        statuses.add(response.status_code)
        assert response.status_code in (200, 400), response.content
    assert 400 in statuses
    assert response.json()["code"] == "balance_limit"
    with tenant_a:
        assert ledger_balanced(card)
        with pytest.raises(Exception) as error:
            services.card_adjust(
                terminal=services.Terminal(store=tenant_a.store), card=card, points=2**31, reason="overflow"
            )
        assert getattr(error.value, "code", "") == "balance_limit"


def test_header_sized_keys_and_devices(tenant_a, setup):
    pin, card = setup
    till = Till(tenant_a, A)
    assert till.post("stamp/", {"card": card.pk, **staff(pin)}, key="k" * 101).status_code == 400
    response = till.post(
        "stamp/", {"card": card.pk, **staff(pin)}, key=str(uuid.uuid4()), HTTP_X_DEVICE_NAME="d" * 5000
    )
    assert response.status_code == 200


def test_a_cashier_of_one_store_and_its_pins_stay_in_that_store(tenant_a, setup):
    pin, card = setup
    other_store = tenant_a.stores["ALPHA2"]
    with tenant_a:
        pin2 = pin_make(other_store, name="Bob", pin="2468")
    till2 = Till(tenant_a, A, store=other_store)
    assert till2.post("stamp/", {"card": card.pk, **staff(pin2, "2468")}).status_code in (403, 404)
    assert till2.get(f"cards/{card.pk}/").status_code in (403, 404)
    # another store's PIN is not a PIN of this store
    till = Till(tenant_a, A)
    response = till.post("stamp/", {"card": card.pk, **staff(pin2, "2468")})
    assert (response.status_code, response.json()["code"]) == (404, "pin_not_found")
    with tenant_a:
        assert ledger_balanced(card) and card.stamps_balance == 0
