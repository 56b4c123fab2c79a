"""The catalog API in tests: its paths, clients with a member's token, and data made through
the services."""

from __future__ import annotations

import io

from PIL import Image

from apps.catalog import services

from ..accounts.test_api import api, token_for

A = "/api/v1/store/stores/ALPHA/catalog"
B = "/api/v1/store/stores/BETA/catalog"
SHOP = "/api/v1/storefront/catalog"
JSON = "application/json"


def client_for(tenant, role=None, user=None):
    user = user or (tenant.owner() if role is None else tenant.member(role))
    return api(tenant, token_for(tenant, user.email))


def make_product(tenant, sku, *, title=None, price="10.00", status="active", stock=0, store=None, **data):
    categories = data.pop("categories", None)
    texts = title if isinstance(title, dict) else {"en": title or sku.title()}
    with tenant:
        product = services.product_create(
            store=store or tenant.store,
            actor=tenant.owner(),
            data={"sku": sku, "title": texts, "price": price, "status": status, **data},
            category_ids=categories,
            stock=stock,
        )
    return product


def make_category(tenant, name, parent=None):
    with tenant:
        return services.category_create(
            store=tenant.store, actor=tenant.owner(), name={"en": name}, parent_id=parent.pk if parent else None
        )


def png(size=(32, 24), color=(200, 30, 30)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "photo.png"
    return buffer


def upload(name: str, content: bytes) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer
