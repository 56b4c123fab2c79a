"""Apple's pass web service: registration, unregistration, the list of updated passes, the latest
pass with 304, the log, and the ApplePass token (401), unknown serials and pass types (404)."""

from __future__ import annotations

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.http import http_date

from apps.loyalty.models import Card, PassDevice, Program

from .conftest import PASS_TYPE_ID
from .factories import card_make, program_make

BASE = "/api/v1/loyalty/apple/v1"
DEVICE = "a1b2c3d4e5f6"


@pytest.fixture
def card(tenant_a):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        return card_make(tenant_a.store)


def auth(card) -> dict:
    return {"HTTP_AUTHORIZATION": f"ApplePass {card.pass_token}"}


def registration(card, pass_type: str = PASS_TYPE_ID) -> str:
    return f"{BASE}/devices/{DEVICE}/registrations/{pass_type}/{card.number}"


def test_register_list_fetch_and_unregister(tenant_a, wallets, card):
    client = tenant_a.client()
    body = {"pushToken": "push-token-1"}
    assert client.post(registration(card), body, content_type="application/json", **auth(card)).status_code == 201
    again = client.post(
        registration(card), {"pushToken": "push-token-2"}, content_type="application/json", **auth(card)
    )
    assert again.status_code == 200
    with tenant_a:
        assert list(PassDevice.objects.values_list("push_token", flat=True)) == ["push-token-2"]

    listed = client.get(f"{BASE}/devices/{DEVICE}/registrations/{PASS_TYPE_ID}")
    assert listed.status_code == 200 and listed.json()["serialNumbers"] == [card.number]
    tag = listed.json()["lastUpdated"]
    assert (
        client.get(f"{BASE}/devices/{DEVICE}/registrations/{PASS_TYPE_ID}?passesUpdatedSince={tag}").status_code == 204
    )
    with tenant_a:
        Card.objects.filter(pk=card.pk).update(pass_updated_at=card.pass_updated_at + timedelta(minutes=1))
    changed = client.get(f"{BASE}/devices/{DEVICE}/registrations/{PASS_TYPE_ID}?passesUpdatedSince={tag}")
    assert changed.status_code == 200 and changed.json()["lastUpdated"] != tag

    latest = client.get(f"{BASE}/passes/{PASS_TYPE_ID}/{card.number}", **auth(card))
    assert latest.status_code == 200 and latest["Content-Type"] == "application/vnd.apple.pkpass"
    since = latest["Last-Modified"]
    assert (
        client.get(
            f"{BASE}/passes/{PASS_TYPE_ID}/{card.number}", HTTP_IF_MODIFIED_SINCE=since, **auth(card)
        ).status_code
        == 304
    )
    older = http_date(card.pass_updated_at.timestamp() - 3600)
    assert (
        client.get(
            f"{BASE}/passes/{PASS_TYPE_ID}/{card.number}", HTTP_IF_MODIFIED_SINCE=older, **auth(card)
        ).status_code
        == 200
    )

    assert client.delete(registration(card), **auth(card)).status_code == 200
    with tenant_a:
        assert not PassDevice.objects.exists()
    assert client.get(f"{BASE}/devices/{DEVICE}/registrations/{PASS_TYPE_ID}").status_code == 204


def test_log_endpoint(tenant_a, wallets, caplog):
    with caplog.at_level(logging.INFO, logger="apps.loyalty.wallet.apple_log"):
        response = tenant_a.client().post(
            f"{BASE}/log", {"logs": ["Web service error"]}, content_type="application/json"
        )
    assert response.status_code == 200
    assert "Web service error" in caplog.text


def test_token_serial_and_pass_type_checked(tenant_a, tenant_b, wallets, card):
    client = tenant_a.client()
    body = {"pushToken": "t"}
    assert client.post(registration(card), body, content_type="application/json").status_code == 401
    wrong = {"HTTP_AUTHORIZATION": "ApplePass not-the-token"}
    assert client.post(registration(card), body, content_type="application/json", **wrong).status_code == 401
    assert client.get(f"{BASE}/passes/{PASS_TYPE_ID}/{card.number}", **wrong).status_code == 401
    assert client.delete(registration(card), **wrong).status_code == 401
    unknown = f"{BASE}/devices/{DEVICE}/registrations/{PASS_TYPE_ID}/000000000000"
    assert client.post(unknown, body, content_type="application/json", **auth(card)).status_code == 404
    other_type = registration(card, "pass.other.type")
    assert client.post(other_type, body, content_type="application/json", **auth(card)).status_code == 404
    missing = client.post(registration(card), {}, content_type="application/json", **auth(card))
    assert missing.status_code == 400 and missing.json()["fields"]["pushToken"]
    # another merchant's domain does not know the card
    other = tenant_b.client().post(registration(card), body, content_type="application/json", **auth(card))
    assert other.status_code == 404


def test_not_configured_is_404(tenant_a, settings, card):
    settings.LOYALTY_APPLE_PASS_TYPE_ID = ""
    response = tenant_a.client().post(f"{BASE}/log", {"logs": []}, content_type="application/json")
    assert response.status_code == 404


def test_a_second_change_in_the_same_second_is_not_answered_304(tenant_a, wallets, card):
    """Last-Modified has whole seconds: a pass served in the second of its change says the second
    before, so a change later in that second still reaches the device."""
    client = tenant_a.client()
    url = f"{BASE}/passes/{PASS_TYPE_ID}/{card.number}"
    changed = timezone.now().replace(microsecond=300_000) - timedelta(minutes=5)
    with tenant_a:
        Card.objects.filter(pk=card.pk).update(pass_updated_at=changed)
    with mock.patch("apps.loyalty.views.passes.timezone.now", return_value=changed + timedelta(milliseconds=200)):
        first = client.get(url, **auth(card))
    assert first.status_code == 200
    assert first["Last-Modified"] == http_date(int(changed.timestamp()) - 1)
    with tenant_a:
        Card.objects.filter(pk=card.pk).update(pass_updated_at=changed + timedelta(milliseconds=500))
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **auth(card))
    assert again.status_code == 200
    assert again["Last-Modified"] == http_date(int(changed.timestamp()))  # served seconds later
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=again["Last-Modified"], **auth(card)).status_code == 304
