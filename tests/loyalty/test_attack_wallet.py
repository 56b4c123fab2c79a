"""Attacks on the wallet passes: Apple's web service with another card's token, odd headers and
ids, a flood of registrations and logs; pass downloads and the Google link with guessed tokens."""

from __future__ import annotations

import logging

import pytest

from apps.loyalty.models import PassDevice, Program
from apps.loyalty.wallet import devices

from .conftest import PASS_TYPE_ID
from .factories import card_make, program_make

BASE = "/api/v1/loyalty/apple/v1"
JSON = "application/json"


@pytest.fixture
def cards(tenant_a):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        return card_make(tenant_a.store, email="one@example.lu"), card_make(tenant_a.store, email="two@example.lu")


def registration(card, device="dev1") -> str:
    return f"{BASE}/devices/{device}/registrations/{PASS_TYPE_ID}/{card.number}"


def test_another_cards_token_opens_nothing(tenant_a, wallets, cards):
    mine, theirs = cards
    client = tenant_a.client()
    mine_auth = {"HTTP_AUTHORIZATION": f"ApplePass {mine.pass_token}"}
    assert client.post(registration(theirs), {"pushToken": "t"}, content_type=JSON, **mine_auth).status_code == 401
    assert client.get(f"{BASE}/passes/{PASS_TYPE_ID}/{theirs.number}", **mine_auth).status_code == 401
    assert client.delete(registration(theirs), **mine_auth).status_code == 401
    for header in (
        "ApplePass ",
        "ApplePass",
        f"Bearer {theirs.pass_token}",
        f"ApplePass {theirs.pass_token[:-1]}",
        "ApplePass \u00e9\u00e9",
        f"applepass {theirs.pass_token}",
    ):
        response = client.get(f"{BASE}/passes/{PASS_TYPE_ID}/{theirs.number}", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
    for serial in ("1" * 200, "١٢٣٤٥٦٧٨٩٠١٢", "abc", "0" * 12):
        assert client.get(f"{BASE}/passes/{PASS_TYPE_ID}/{serial}", **mine_auth).status_code == 404
    with tenant_a:
        assert not PassDevice.objects.exists()


def test_guessed_download_tokens_are_404(tenant_a, tenant_b, wallets, cards):
    mine, theirs = cards
    client = tenant_a.client()
    assert client.get(f"/loyalty/card/{theirs.number}/{mine.pass_token}.pkpass").status_code == 404
    assert client.get(f"/loyalty/card/{theirs.number}/{mine.pass_token}/google").status_code == 404
    assert client.get(f"/loyalty/card/{theirs.number}/x.pkpass").status_code == 404
    assert client.get(f"/loyalty/card/{'9' * 500}/{'x' * 500}.pkpass").status_code == 404
    assert tenant_b.client().get(f"/loyalty/card/{theirs.number}/{theirs.pass_token}.pkpass").status_code == 404
    assert client.get(f"/loyalty/card/{theirs.number}/{theirs.pass_token}.pkpass").status_code == 200


def test_a_registration_flood_is_capped_per_card(tenant_a, wallets, cards):
    card, _other = cards
    client = tenant_a.client()
    auth = {"HTTP_AUTHORIZATION": f"ApplePass {card.pass_token}"}
    statuses = [
        client.post(registration(card, f"dev{n}"), {"pushToken": f"t{n}"}, content_type=JSON, **auth).status_code
        for n in range(devices.DEVICES_PER_CARD + 5)
    ]
    assert statuses[: devices.DEVICES_PER_CARD] == [201] * devices.DEVICES_PER_CARD
    assert set(statuses[devices.DEVICES_PER_CARD :]) == {429}
    # a known device still refreshes its push token
    again = client.post(registration(card, "dev0"), {"pushToken": "new"}, content_type=JSON, **auth)
    assert again.status_code == 200
    too_long = client.post(registration(card, "d" * 129), {"pushToken": "t"}, content_type=JSON, **auth)
    assert too_long.status_code == 400
    with tenant_a:
        assert PassDevice.objects.filter(card=card).count() == devices.DEVICES_PER_CARD


def test_odd_update_queries_and_log_floods(tenant_a, wallets, cards, caplog):
    client = tenant_a.client()
    for since in ("abc", "9" * 400, "-1", "1e9"):
        response = client.get(f"{BASE}/devices/dev1/registrations/{PASS_TYPE_ID}?passesUpdatedSince={since}")
        assert response.status_code == 204
    with caplog.at_level(logging.INFO, logger="apps.loyalty.wallet.apple_log"):
        response = client.post(f"{BASE}/log", {"logs": ["line"] * 5000}, content_type=JSON)
    assert response.status_code == 200
    assert caplog.text.count("line") <= 100
    assert client.post(f"{BASE}/log", "not json", content_type=JSON).status_code == 400
