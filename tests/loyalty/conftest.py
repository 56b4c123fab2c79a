"""Loyalty fixtures: a certificate chain of our own standing in for Apple's (root CA, a WWDR
intermediate, a pass type certificate), a Google service account key, and the local wallet stub
(tools/wallet_stub.py) standing in for APNs and the Google Wallet API."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tools.wallet_stub import WalletStub

PASS_TYPE_ID = "pass.lu.test.loyalty"
KEY_PASSWORD = "pass-key-secret"  # noqa: S105 - a test value


@dataclass(frozen=True)
class WalletCerts:
    root: Path  # the CA to verify the signature against
    wwdr: Path
    cert: Path
    key: Path
    service_account: Path
    google_public_key: rsa.RSAPublicKey


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _cert(name: str, key, issuer_name: str, issuer_key, *, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )


def _pem(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture(scope="session")
def wallet_certs(tmp_path_factory) -> WalletCerts:
    base = tmp_path_factory.mktemp("wallet")
    root_key, wwdr_key, pass_key, google_key = _key(), _key(), _key(), _key()
    root = _cert("Test Root CA", root_key, "Test Root CA", root_key, ca=True)
    wwdr = _cert("Test WWDR", wwdr_key, "Test Root CA", root_key, ca=True)
    cert = _cert(f"Pass Type ID: {PASS_TYPE_ID}", pass_key, "Test WWDR", wwdr_key, ca=False)
    key_path = base / "pass.key"
    key_path.write_bytes(
        pass_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(KEY_PASSWORD.encode()),
        )
    )
    account = {
        "type": "service_account",
        "client_email": "wallet@test-project.iam.gserviceaccount.com",
        "private_key_id": "test-key-1",
        "private_key": google_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
    }
    account_path = base / "service-account.json"
    account_path.write_text(json.dumps(account))
    return WalletCerts(
        root=_pem(base / "root.pem", root),
        wwdr=_pem(base / "wwdr.pem", wwdr),
        cert=_pem(base / "pass.pem", cert),
        key=key_path,
        service_account=account_path,
        google_public_key=google_key.public_key(),
    )


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
