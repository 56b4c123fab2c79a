"""The terminal under real concurrency, each request on its own database connection: 32 terminals
stamping and redeeming on one card lose no update and never take a balance below zero; 8 wrong
PINs sent at once are all counted and lock the PIN.

These tests commit (threads cannot see a test's open transaction), so like tests/orders/
test_pos_race.py they run outside pytest-django's per-test transaction and clean up after
themselves. The ledger refuses DELETE row by row, so its tables are emptied with TRUNCATE (which
row triggers do not see); every other test runs in a rolled-back transaction, so no committed
loyalty data of theirs exists to lose."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable

from django.db import connection, connections
from django_tenants.utils import tenant_context

from apps.accounts.models import ApiToken
from apps.loyalty.models import Card, Program, Reward, StaffPin
from apps.orders.models import Customer, IdempotentRequest

from ..accounts.test_api import api, token_for
from ..conftest import _tenant
from .factories import PIN, card_make, ledger_balanced, pin_make, program_make

A = "/api/v1/store/stores/ALPHA/loyalty"
JSON = "application/json"
LOYALTY_TABLES = (
    "loyalty_transaction, loyalty_ledgerday, loyalty_referral, loyalty_passdevice, loyalty_card, "
    "loyalty_staffpin, loyalty_reward, loyalty_tier, loyalty_program"
)


def _at_once(calls: list[Callable[[], tuple[int, dict]]]) -> list[tuple[int, dict]]:
    answers: list[tuple[int, dict]] = []
    barrier = threading.Barrier(len(calls))

    def run(call) -> None:
        try:
            barrier.wait()
            answers.append(call())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def _clean(tenant, email: str) -> None:
    with tenant_context(tenant.merchant):
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {LOYALTY_TABLES} CASCADE")
        Customer.objects.filter(email=email).delete()
        IdempotentRequest.objects.filter(scope__startswith="loyalty:").delete()
        ApiToken.objects.filter(user__email=tenant.owner().email).delete()
    connection.set_schema_to_public()


def _post(client, path: str, body: dict, key: str) -> Callable[[], tuple[int, dict]]:
    def call() -> tuple[int, dict]:
        response = client.post(f"{A}/{path}", json.dumps(body), content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
        return response.status_code, response.json()

    return call


def test_32_terminals_on_one_card(django_db_setup, django_db_blocker):
    email = "race@example.lu"
    with django_db_blocker.unblock():
        tenant = _tenant("a")
        try:
            with tenant_context(tenant.merchant):
                program_make(stamps_target=50, stamp_cooldown_minutes=0, max_stamps_per_day=100)
                pin = pin_make(tenant.store)
                card = card_make(tenant.store, email=email)
                reward = Reward.objects.get(name="Tote bag")
            connection.set_schema_to_public()
            token = token_for(tenant, tenant.owner().email)
            staff = {"staff_pin_id": pin.pk, "pin": PIN}
            first = _post(api(tenant, token), "points/", {"card": card.pk, "amount": "100", **staff}, "race-earn")()
            assert first[0] == 200, first
            calls = []
            for n in range(16):
                calls.append(_post(api(tenant, token), "stamp/", {"card": card.pk, **staff}, f"race-stamp-{n}"))
                calls.append(
                    _post(
                        api(tenant, token),
                        "points/redeem/",
                        {"card": card.pk, "reward_id": reward.pk, **staff},
                        f"race-redeem-{n}",
                    )
                )
            answers = _at_once(calls)
            outcomes = Counter((status, body.get("code", "ok")) for status, body in answers)
            assert outcomes == {(200, "ok"): 16 + 10, (400, "not_enough_points"): 6}, outcomes
            assert all(body["card"]["points_balance"] >= 0 for status, body in answers if status == 200)
            with tenant_context(tenant.merchant):
                fresh = Card.objects.get(pk=card.pk)
                assert (fresh.stamps_balance, fresh.points_balance, fresh.rewards_redeemed) == (16, 0, 10)
                assert ledger_balanced(fresh)
                assert fresh.transactions.count() == 1 + 16 + 10
        finally:
            _clean(tenant, email)


def test_8_wrong_pins_at_once_all_count(django_db_setup, django_db_blocker):
    email = "wrong@example.lu"
    with django_db_blocker.unblock():
        tenant = _tenant("a")
        try:
            with tenant_context(tenant.merchant):
                program_make(pin_max_attempts=5)
                pin = pin_make(tenant.store)
                card = card_make(tenant.store, email=email)
            connection.set_schema_to_public()
            token = token_for(tenant, tenant.owner().email)
            wrong = {"card": card.pk, "staff_pin_id": pin.pk, "pin": "0000"}
            answers = _at_once([_post(api(tenant, token), "stamp/", wrong, f"wrong-{n}") for n in range(8)])
            codes = Counter(body["code"] for _status, body in answers)
            assert codes == {"pin_wrong": 4, "pin_locked": 4}, codes
            with tenant_context(tenant.merchant):
                assert StaffPin.objects.get(pk=pin.pk).locked_until is not None
                assert Card.objects.get(pk=card.pk).stamps_balance == 0
                assert Program.objects.get().pin_max_attempts == 5
        finally:
            _clean(tenant, email)


def test_keys_are_kept_apart_per_store(tenant_a):
    """One key used by two stores' terminals is two actions (the scope is the store). This test
    also makes pytest-django set the test database up when this module runs alone."""
    with tenant_a:
        program_make(stamp_cooldown_minutes=0)
        card = card_make(tenant_a.store, email="scope@example.lu")
    token = token_for(tenant_a, tenant_a.owner().email)
    for code in ("ALPHA", "ALPHA2"):
        path = f"/api/v1/store/stores/{code}/loyalty/points/"
        body = json.dumps({"card": card.pk, "amount": "1"})
        with tenant_a:
            Program.objects.update(pin_required=False)
        response = api(tenant_a, token).post(path, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="shared")
        assert response.status_code == 200, response.content
    with tenant_a:
        assert Card.objects.get(pk=card.pk).points_balance == 20
