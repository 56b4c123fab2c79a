"""The catalog's store pages in tests: where they are, data made through the services, form
data and what the pages say."""

from __future__ import annotations

import io

from PIL import Image

from apps.catalog import services
from apps.catalog.models import Category, Product

BASE = "/store/ALPHA/catalog/"


def make_product(tenant, sku: str, *, title: str = "", price: str = "10.00", stock: int = 5, **data) -> Product:
    with tenant:
        return services.product_create(
            store=tenant.store,
            actor=None,
            data={"sku": sku, "title": {"en": title or f"Product {sku}"}, "price": price, "status": "active", **data},
            stock=stock,
        )


def make_category(tenant, name: str, parent: Category | None = None) -> Category:
    with tenant:
        return services.category_create(
            store=tenant.store, actor=None, name={"en": name}, parent_id=parent.pk if parent else None
        )


def product_form_data(**overrides) -> dict:
    data = {
        "sku": "NEW-1",
        "gtin": "",
        "brand": "Bernard-Massard",
        "status": "active",
        "price": "12.50",
        "compare_at_price": "",
        "cost_price": "",
        "vat_rate": "17.00",
        "weight_grams": "",
        "slug": "",
        "stock": "3",
        "title_en": "Crémant Brut",
        "title_fr": "Crémant brut",
        "description_en": "Fine bubbles.",
    }
    data.update(overrides)
    return data


def png_bytes(size=(20, 10), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
