"""Apple Wallet store cards (.pkpass): pass.json, the images, manifest.json (the SHA-1 of every
file) and `signature`, a detached PKCS#7 (CMS) signature of the manifest made with the pass type
certificate and carrying Apple's WWDR intermediate certificate; all zipped.

The pass names the web service (api/apple.py) that Wallet calls to register the device and fetch
the pass again after a push (apns.py)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import asdict
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.conf import settings

from apps.loyalty.models import Card, Program
from apps.tenancy.routing import store_base_url

from .content import PassContent, pass_content, pass_images, rgb

CONTENT_TYPE = "application/vnd.apple.pkpass"
WEB_SERVICE_PATH = "/api/v1/loyalty/apple/"


@lru_cache(maxsize=4)
def _signing_material(cert_path: str, key_path: str, password: str, wwdr_path: str):
    with open(cert_path, "rb") as f:
        cert = x509.load_pem_x509_certificate(f.read())
    with open(key_path, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=password.encode() or None)
    with open(wwdr_path, "rb") as f:
        wwdr = x509.load_pem_x509_certificate(f.read())
    return cert, key, wwdr


def manifest_sign(manifest: bytes) -> bytes:
    """The detached DER PKCS#7 signature of `manifest` (pass certificate + WWDR intermediate)."""
    cert, key, wwdr = _signing_material(
        settings.LOYALTY_APPLE_CERT,
        settings.LOYALTY_APPLE_KEY,
        settings.LOYALTY_APPLE_KEY_PASSWORD,
        settings.LOYALTY_APPLE_WWDR_CERT,
    )
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(manifest)
        .add_signer(cert, key, hashes.SHA256())
        .add_certificate(wwdr)
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
    )


def _fields(fields) -> list[dict]:
    return [asdict(f) for f in fields]


def pass_json(*, card: Card, content: PassContent, web_service_url: str) -> dict:
    return {
        "formatVersion": 1,
        "passTypeIdentifier": settings.LOYALTY_APPLE_PASS_TYPE_ID,
        "teamIdentifier": settings.LOYALTY_APPLE_TEAM_ID,
        "serialNumber": card.number,
        "authenticationToken": card.pass_token,
        "webServiceURL": web_service_url,
        "organizationName": content.issuer,
        "description": content.title,
        "logoText": content.title,
        "backgroundColor": rgb(content.card_colour),
        "foregroundColor": rgb(content.text_colour),
        "labelColor": rgb(content.text_colour),
        "barcodes": [
            {
                "format": "PKBarcodeFormatQR",
                "message": card.qr_payload,
                "messageEncoding": "iso-8859-1",
                "altText": card.display_number,
            }
        ],
        "storeCard": {
            "headerFields": [{"key": "holder", "label": "", "value": content.holder}],
            "primaryFields": _fields([content.primary]),
            "secondaryFields": _fields(content.secondary),
            "backFields": _fields(content.back),
        },
    }


def web_service_url(card: Card) -> str:
    """The pass web service on the card's store's canonical domain (Apple appends v1/...)."""
    return store_base_url(card.enrolled_store) + WEB_SERVICE_PATH


def pkpass_files(*, program: Program, card: Card) -> dict[str, bytes]:
    """Every file of the pass: pass.json, images, manifest.json and signature."""
    store = card.enrolled_store
    content = pass_content(program=program, card=card, store_name=store.name)
    data = pass_json(card=card, content=content, web_service_url=web_service_url(card))
    files = {"pass.json": json.dumps(data, ensure_ascii=False, indent=1).encode(), **pass_images(program)}
    manifest = json.dumps({name: hashlib.sha1(body).hexdigest() for name, body in files.items()}, indent=1).encode()  # noqa: S324 - Apple's manifest format
    files["manifest.json"] = manifest
    files["signature"] = manifest_sign(manifest)
    return files


def pkpass_build(*, program: Program, card: Card) -> bytes:
    """The signed .pkpass (a zip) of `card`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in pkpass_files(program=program, card=card).items():
            z.writestr(name, body)
    return out.getvalue()
