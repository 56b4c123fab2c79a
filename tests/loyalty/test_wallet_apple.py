"""Apple Wallet passes: the .pkpass's contents, its detached PKCS#7 signature checked with the
OpenSSL command line against our own test CA, the download link (token and merchant isolation),
and the buttons' links with and without the settings."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import zipfile

import pytest
from django.test import RequestFactory
from django.urls import reverse

from apps.loyalty import services
from apps.loyalty.models import Program
from apps.loyalty.wallet import apple, apple_enabled, google_enabled, pass_links

from .conftest import PASS_TYPE_ID
from .factories import card_make, program_make


def pkpass_path(card) -> str:
    return reverse("storefront:loyalty_pass_apple", kwargs={"number": card.number, "token": card.pass_token})


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def openssl_verify(tmp_path, files: dict[str, bytes], root) -> subprocess.CompletedProcess:
    (tmp_path / "signature").write_bytes(files["signature"])
    (tmp_path / "manifest.json").write_bytes(files["manifest.json"])
    return subprocess.run(  # noqa: S603 - fixed arguments
        [  # noqa: S607 - the system's openssl
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            str(tmp_path / "signature"),
            "-content",
            str(tmp_path / "manifest.json"),
            "-CAfile",
            str(root),
            "-purpose",
            "any",
            "-out",
            str(tmp_path / "verified"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def card(tenant_a):
    with tenant_a:
        program_make(Program.Kind.STAMPS)
        card = card_make(tenant_a.store)
        till = services.Terminal(store=tenant_a.store, ip_address="192.0.2.7", device="test")
        services.stamp_add(terminal=till, card=card)
        card.refresh_from_db()
        return card


def test_pkpass_contents_and_signature_verified_by_openssl(tenant_a, wallets, wallet_certs, card, tmp_path):
    with tenant_a:
        files = unzip(apple.pkpass_build(program=Program.objects.get(), card=card))
    assert {"pass.json", "manifest.json", "signature", "icon.png", "icon@2x.png", "logo.png", "logo@2x.png"} <= set(
        files
    )
    manifest = json.loads(files["manifest.json"])
    assert set(manifest) == set(files) - {"manifest.json", "signature"}
    for name, digest in manifest.items():
        assert hashlib.sha1(files[name]).hexdigest() == digest  # noqa: S324 - Apple's manifest format
    data = json.loads(files["pass.json"])
    assert data["passTypeIdentifier"] == PASS_TYPE_ID and data["teamIdentifier"] == "TEAM123456"
    assert data["serialNumber"] == card.number and data["authenticationToken"] == card.pass_token
    assert data["webServiceURL"].endswith("/api/v1/loyalty/apple/")
    assert data["barcodes"][0]["message"] == f"LOYALTY:{card.number}"
    assert data["storeCard"]["primaryFields"] == [{"key": "stamps", "label": "Stamps", "value": "1 / 10"}]
    assert {"key": "reward", "label": "Reward", "value": "Free coffee"} in data["storeCard"]["secondaryFields"]
    assert data["backgroundColor"] == "rgb(31, 58, 95)"

    verified = openssl_verify(tmp_path, files, wallet_certs.root)
    assert verified.returncode == 0, verified.stderr
    assert (tmp_path / "verified").read_bytes() == files["manifest.json"]
    # the signature carries the WWDR intermediate: the root alone verifies it
    altered = {**files, "manifest.json": files["manifest.json"].replace(b'"pass.json"', b'"pass.jsox"')}
    assert openssl_verify(tmp_path, altered, wallet_certs.root).returncode != 0


def test_points_pass_shows_points_and_the_next_reward(tenant_a, wallets, wallet_certs):
    with tenant_a:
        program = program_make(Program.Kind.POINTS)
        card = card_make(tenant_a.store)
        data = json.loads(unzip(apple.pkpass_build(program=program, card=card))["pass.json"])
    assert data["storeCard"]["primaryFields"][0]["key"] == "points"
    assert data["storeCard"]["secondaryFields"][0]["value"] == "Tote bag (100)"


def test_download_needs_the_cards_token_and_stays_within_the_merchant(tenant_a, tenant_b, wallets, card):
    response = tenant_a.client().get(pkpass_path(card))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.apple.pkpass"
    assert "pass.json" in unzip(response.content)
    wrong = reverse("storefront:loyalty_pass_apple", kwargs={"number": card.number, "token": "x" * 32})
    assert tenant_a.client().get(wrong).status_code == 404
    # another merchant's domain does not know the card, with the right token or not
    assert tenant_b.client().get(pkpass_path(card)).status_code == 404


def test_without_settings_links_are_none_and_downloads_404(tenant_a, settings, card):
    settings.LOYALTY_APPLE_CERT = ""
    settings.LOYALTY_GOOGLE_ISSUER_ID = ""
    assert not apple_enabled() and not google_enabled()
    request = RequestFactory().get("/", HTTP_HOST=tenant_a.host)
    assert pass_links(card, request) == {"apple": None, "google": None}
    assert tenant_a.client().get(pkpass_path(card)).status_code == 404


def test_links_when_configured(tenant_a, wallets, card):
    request = RequestFactory().get("/", HTTP_HOST=tenant_a.host)
    links = pass_links(card, request)
    assert links["apple"] == f"http://{tenant_a.host}{pkpass_path(card)}"
    assert links["google"].endswith(f"/loyalty/card/{card.number}/{card.pass_token}/google")
