"""Order sync test data: a connected store and catalog variants carrying the sandbox's codes."""

from __future__ import annotations

from apps.core.secrets import secret_encrypt
from apps.marketplace.models import LetzshopConnection
from tools.letzshop_sandbox import DEMO_API_KEY

from ..catalog.factories import product


def connect(store, key: str = DEMO_API_KEY, **options) -> LetzshopConnection:
    connection, _created = LetzshopConnection.objects.update_or_create(
        store_id=store.id, defaults={"api_key_encrypted": secret_encrypt(key), "api_key_hint": key[-4:], **options}
    )
    return connection


def catalogue_variants(store, sandbox, count: int = 40):
    """Variants for the sandbox's first `count` products: half matched by GTIN, half by SKU."""
    made = []
    for index, item in enumerate(sandbox.catalogue[:count]):
        codes = {"gtin": item.gtin, "sku": f"OWN-{index:04d}"} if index % 2 else {"sku": item.sku}
        made.append(product(store, title={"en": item.titles["en"]}, price=str(item.price), **codes).variants.get())
    return made
