"""Pass updates after a balance change: the task pushes to the card's Apple devices through APNs
and patches its Google Wallet object (both the local stub); failures are logged, never raised into
the ledger. And the "Add to Google Wallet" link: a JWT the service account's public key verifies."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

import jwt
import pytest

from apps.loyalty import services
from apps.loyalty.models import Card, PassDevice, Program
from apps.loyalty.tasks import card_pass_refresh
from apps.loyalty.wallet import card_passes_refresh, google
from apps.loyalty.wallet.config import WalletError

from .conftest import PASS_TYPE_ID
from .factories import card_make, ledger_balanced, program_make


@pytest.fixture
def card(tenant_a):
    with tenant_a:
        program_make(Program.Kind.HYBRID)
        card = card_make(tenant_a.store)
        PassDevice.objects.create(card=card, device_library_id="dev-1", push_token="tok-1")
        PassDevice.objects.create(card=card, device_library_id="dev-2", push_token="tok-gone")
        return card


def earn(tenant_a, card):
    till = services.Terminal(store=tenant_a.store, ip_address="192.0.2.7", device="test")
    return services.points_earn(terminal=till, card=card, amount=Decimal("12.50"))


def test_balance_change_pushes_to_apns_and_patches_google(tenant_a, wallets, card, django_capture_on_commit_callbacks):
    wallets.gone.add("tok-gone")
    with tenant_a:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            earn(tenant_a, card)
        assert callbacks  # the ledger queued card_pass_refresh, which ran (eagerly) after commit
        card.refresh_from_db()
        pushes = wallets.of("POST", "/3/device/")
        assert sorted(p.path for p in pushes) == ["/3/device/tok-1", "/3/device/tok-gone"]
        assert all(p.headers["apns-topic"] == PASS_TYPE_ID and p.body == b"{}" for p in pushes)
        # Apple said the second device is gone: it is forgotten
        assert list(card.pass_devices.values_list("push_token", flat=True)) == ["tok-1"]
        patch = wallets.of("PATCH", "/walletobjects/v1/loyaltyObject/")[0]
        assert patch.path.endswith(f"-{card.number}") and patch.headers["authorization"] == "Bearer stub-token"
        assert patch.json()["loyaltyPoints"]["balance"] == {"int": 125}
        assert patch.json()["secondaryLoyaltyPoints"]["balance"] == {"string": "0 / 10"}
        assert wallets.of("POST", "/token")[0].form()["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
        assert card.google_synced_version == card.pass_version
        # up to date: the next refresh does not patch again
        card_passes_refresh(card_id=card.pk)
        assert len(wallets.of("PATCH", "/walletobjects/")) == 1


def test_failures_are_logged_not_raised_into_the_ledger(
    tenant_a, wallets, card, django_capture_on_commit_callbacks, caplog
):
    wallets.fail_status = 500
    with tenant_a:
        with django_capture_on_commit_callbacks(execute=True):
            result = earn(tenant_a, card)
        assert result.card.points_balance == 125 and ledger_balanced(card)
        assert "wallet pass update failed" in caplog.text
        with pytest.raises(WalletError):
            card_passes_refresh(card_id=card.pk)
        assert Card.objects.get(pk=card.pk).google_synced_version == 0


def test_not_configured_does_nothing(tenant_a, settings, wallet_stub, card):
    settings.LOYALTY_APPLE_PASS_TYPE_ID = ""
    settings.LOYALTY_GOOGLE_ISSUER_ID = ""
    with tenant_a:
        card_pass_refresh(card.pk)
    assert wallet_stub.requests == []


def test_google_save_link_is_a_jwt_the_public_key_verifies(tenant_a, wallets, wallet_certs, card):
    path = f"/loyalty/card/{card.number}/{card.pass_token}/google"
    response = tenant_a.client().get(path)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://pay.google.com/gp/v/save/")
    token = urlsplit(location).path.rsplit("/", 1)[1]
    claims = jwt.decode(token, wallet_certs.google_public_key(), algorithms=["RS256"], audience="google")
    assert claims["iss"] == "wallet@test-project.iam.gserviceaccount.com" and claims["typ"] == "savetowallet"
    obj = claims["payload"]["loyaltyObjects"][0]
    with tenant_a:
        assert obj["id"] == google.object_id(card) and obj["classId"] == google.class_id()
    assert obj["barcode"]["value"] == f"LOYALTY:{card.number}"
    assert claims["payload"]["loyaltyClasses"][0]["programLogo"]["sourceUri"]["uri"].endswith("/loyalty/pass-logo.png")
    assert tenant_a.client().get("/loyalty/pass-logo.png")["Content-Type"] == "image/png"
    assert tenant_a.client().get(f"/loyalty/card/{card.number}/wrong-token/google").status_code == 404
