"""Google Wallet loyalty passes: the programme is a loyaltyClass, each card a loyaltyObject.

The "Add to Google Wallet" link carries both inline in a JWT signed (RS256) with the service
account's key, so the object is created when the customer saves it; after a balance change the
object's points are patched through the REST API with an OAuth token from the JWT bearer grant."""

from __future__ import annotations

import json
import time
from functools import lru_cache

import httpx
import jwt
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from apps.loyalty.models import Card, Program

from .config import WalletError
from .content import PassContent, pass_content

SAVE_URL = "https://pay.google.com/gp/v/save/"
SCOPE = "https://www.googleapis.com/auth/wallet_object.issuer"
TOKEN_CACHE_KEY = "loyalty:google-wallet-token"


@lru_cache(maxsize=2)
def _service_account_read(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def service_account() -> dict:
    """The JSON key file: client_email, private_key (PEM), ..."""
    return _service_account_read(settings.LOYALTY_GOOGLE_SERVICE_ACCOUNT)


def class_id() -> str:
    """One class per merchant (its schema), under the platform's issuer."""
    return f"{settings.LOYALTY_GOOGLE_ISSUER_ID}.loyalty-{connection.schema_name}"


def object_id(card: Card) -> str:
    """Card numbers are unique within a merchant: the schema keeps two merchants' cards apart."""
    return f"{settings.LOYALTY_GOOGLE_ISSUER_ID}.{connection.schema_name}-{card.number}"


def _balances(content: PassContent) -> dict:
    """loyaltyPoints (points, else stamps) and, for a hybrid programme, secondaryLoyaltyPoints."""
    stamps = {"label": str(content_label("stamps", content)), "balance": {"string": content.stamps}}
    if content.points is None:
        return {"loyaltyPoints": stamps}
    points = {"label": str(content_label("points", content)), "balance": {"int": content.points}}
    if content.stamps is None:
        return {"loyaltyPoints": points}
    return {"loyaltyPoints": points, "secondaryLoyaltyPoints": stamps}


def content_label(key: str, content: PassContent) -> str:
    for field in (content.primary, *content.secondary):
        if field.key == key:
            return field.label
    return key


def loyalty_class(*, program: Program, store_name: str, logo_url: str) -> dict:
    return {
        "id": class_id(),
        "issuerName": store_name,
        "programName": program.name,
        "programLogo": {"sourceUri": {"uri": logo_url}},
        "hexBackgroundColor": program.card_colour,
        "reviewStatus": "UNDER_REVIEW",
    }


def loyalty_object(*, program: Program, card: Card) -> dict:
    content = pass_content(program=program, card=card, store_name=card.enrolled_store.name)
    return {
        "id": object_id(card),
        "classId": class_id(),
        "state": "ACTIVE",
        "accountId": card.display_number,
        "accountName": content.holder,
        "barcode": {"type": "QR_CODE", "value": card.qr_payload, "alternateText": card.display_number},
        **_balances(content),
    }


def save_url(*, program: Program, card: Card, origin: str, logo_url: str) -> str:
    """The "Add to Google Wallet" link: https://pay.google.com/gp/v/save/<JWT>."""
    account = service_account()
    claims = {
        "iss": account["client_email"],
        "aud": "google",
        "typ": "savetowallet",
        "iat": int(time.time()),
        "origins": [origin],
        "payload": {
            "loyaltyClasses": [loyalty_class(program=program, store_name=card.enrolled_store.name, logo_url=logo_url)],
            "loyaltyObjects": [loyalty_object(program=program, card=card)],
        },
    }
    token = jwt.encode(
        claims, account["private_key"], algorithm="RS256", headers={"kid": account.get("private_key_id")}
    )
    return SAVE_URL + token


def access_token(client: httpx.Client) -> str:
    """An OAuth access token for the Wallet API (JWT bearer grant), cached until shortly before
    it expires."""
    token = cache.get(TOKEN_CACHE_KEY)
    if token:
        return token
    account = service_account()
    now = int(time.time())
    assertion = jwt.encode(
        {
            "iss": account["client_email"],
            "scope": SCOPE,
            "aud": settings.LOYALTY_GOOGLE_TOKEN_URL,
            "iat": now,
            "exp": now + 3600,
        },
        account["private_key"],
        algorithm="RS256",
    )
    response = client.post(
        settings.LOYALTY_GOOGLE_TOKEN_URL,
        data={"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion},
    )
    if response.status_code != 200:
        raise WalletError(f"Google token endpoint answered {response.status_code}: {response.text[:200]}")
    body = response.json()
    cache.set(TOKEN_CACHE_KEY, body["access_token"], max(int(body.get("expires_in", 3600)) - 60, 1))
    return body["access_token"]


def object_patch(*, program: Program, card: Card) -> bool:
    """Patch the card's object with its balances. False when Google does not know the object yet
    (the customer has not saved the pass: the save link carries the balance then)."""
    content = pass_content(program=program, card=card, store_name=card.enrolled_store.name)
    with httpx.Client(timeout=settings.LOYALTY_WALLET_TIMEOUT) as client:
        token = access_token(client)
        try:
            response = client.patch(
                f"{settings.LOYALTY_GOOGLE_API_URL}/loyaltyObject/{object_id(card)}",
                json=_balances(content),
                headers={"Authorization": f"Bearer {token}"},
            )
        except httpx.HTTPError as exc:
            raise WalletError(f"Google Wallet API unreachable: {exc}") from exc
    if response.status_code == 404:
        return False
    if response.status_code == 401:
        cache.delete(TOKEN_CACHE_KEY)
    if response.status_code >= 300:
        raise WalletError(f"Google Wallet API answered {response.status_code}: {response.text[:200]}")
    return True
