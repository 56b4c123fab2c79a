"""A certificate chain of our own standing in for Apple's (a root CA, a WWDR intermediate and a
pass type certificate with its password-protected key) and a Google service-account key: for the
tests (tests/loyalty/conftest.py) and for `make run` (tools/devstack.py), which have no Apple or
Google accounts. Passes signed with it verify against our root, not Apple's: a real iPhone would
refuse them, everything on our side runs for real."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

PASS_TYPE_ID = "pass.lu.test.loyalty"
KEY_PASSWORD = "pass-key-secret"  # noqa: S105 - a stand-in value


@dataclass(frozen=True)
class WalletCerts:
    root: Path  # the CA to verify the signature against
    wwdr: Path
    cert: Path
    key: Path
    service_account: Path

    def google_public_key(self) -> rsa.RSAPublicKey:
        account = json.loads(self.service_account.read_text())
        return serialization.load_pem_private_key(account["private_key"].encode(), None).public_key()


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _cert(name: str, key, issuer_name: str, issuer_key, *, ca: bool, days: int) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )


def _pem(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def wallet_certs_make(base: Path, *, days: int = 30) -> WalletCerts:
    """Write a fresh chain and service-account key into `base` (which must exist)."""
    root_key, wwdr_key, pass_key, google_key = _key(), _key(), _key(), _key()
    root = _cert("Test Root CA", root_key, "Test Root CA", root_key, ca=True, days=days)
    wwdr = _cert("Test WWDR", wwdr_key, "Test Root CA", root_key, ca=True, days=days)
    cert = _cert(f"Pass Type ID: {PASS_TYPE_ID}", pass_key, "Test WWDR", wwdr_key, ca=False, days=days)
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
    )


def wallet_certs_ensure(base: Path) -> WalletCerts:
    """The chain kept in `base` (made once; made again when it is close to expiry)."""
    base.mkdir(parents=True, exist_ok=True)
    pem = base / "pass.pem"
    if pem.exists():
        cert = x509.load_pem_x509_certificate(pem.read_bytes())
        if cert.not_valid_after_utc - dt.datetime.now(dt.UTC) > dt.timedelta(days=30):
            names = ("root.pem", "wwdr.pem", "pass.pem", "pass.key", "service-account.json")
            return WalletCerts(*(base / name for name in names))
    return wallet_certs_make(base, days=365)
