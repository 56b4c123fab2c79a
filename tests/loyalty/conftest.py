"""Loyalty fixtures: a certificate chain of our own standing in for Apple's (root CA, a WWDR
intermediate, a pass type certificate), a Google service account key, and the local wallet stub
(tools/wallet_stub.py) standing in for APNs and the Google Wallet API."""

from __future__ import annotations

import pytest

from tools.wallet_certs import KEY_PASSWORD, PASS_TYPE_ID, WalletCerts, wallet_certs_make
from tools.wallet_stub import WalletStub


@pytest.fixture(scope="session")
def wallet_certs(tmp_path_factory) -> WalletCerts:
    return wallet_certs_make(tmp_path_factory.mktemp("wallet"))


@pytest.fixture(scope="session")
def _wallet_stub_server():
    stub = WalletStub().start()
    yield stub
    stub.stop()


@pytest.fixture
def wallet_stub(_wallet_stub_server) -> WalletStub:
    _wallet_stub_server.reset()
    return _wallet_stub_server


@pytest.fixture
def wallets(settings, wallet_certs, wallet_stub) -> WalletStub:
    """Apple and Google Wallet configured with the test certificates, calling the local stub."""
    settings.LOYALTY_APPLE_PASS_TYPE_ID = PASS_TYPE_ID
    settings.LOYALTY_APPLE_TEAM_ID = "TEAM123456"
    settings.LOYALTY_APPLE_CERT = str(wallet_certs.cert)
    settings.LOYALTY_APPLE_KEY = str(wallet_certs.key)
    settings.LOYALTY_APPLE_KEY_PASSWORD = KEY_PASSWORD
    settings.LOYALTY_APPLE_WWDR_CERT = str(wallet_certs.wwdr)
    settings.LOYALTY_APNS_URL = wallet_stub.apns_url
    settings.LOYALTY_GOOGLE_ISSUER_ID = "3388000000012345678"
    settings.LOYALTY_GOOGLE_SERVICE_ACCOUNT = str(wallet_certs.service_account)
    settings.LOYALTY_GOOGLE_API_URL = wallet_stub.google_api_url
    settings.LOYALTY_GOOGLE_TOKEN_URL = wallet_stub.google_token_url
    return wallet_stub
