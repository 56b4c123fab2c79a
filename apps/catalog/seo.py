"""What search engines read on the storefront: canonical addresses, descriptions, Open Graph and
schema.org Product data, the sitemap."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.utils.html import strip_tags
from django.utils.text import Truncator

from apps.tenancy.routing import store_base_url

from .models import Product, ProductImage, Variant
from .templatetags.catalog_storefront import image_url

DESCRIPTION_LENGTH = 160
SCHEMA_IN_STOCK = "https://schema.org/InStock"
SCHEMA_OUT_OF_STOCK = "https://schema.org/OutOfStock"


def canonical_url(request, path: str, params: dict[str, Any] | None = None) -> str:
    """The one address of a page: the store's base URL, the path and only the parameters that
    change what the page shows (never tracking parameters such as utm_source or gclid)."""
    query = urlencode([(k, v) for k, v in (params or {}).items() if v not in (None, "")])
    return f"{store_base_url(request.store, request)}{path}" + (f"?{query}" if query else "")


def absolute(request, url: str) -> str:
    """Storage URLs are absolute on S3 and relative on disk; Open Graph wants them absolute."""
    return request.build_absolute_uri(url) if url else ""


def meta_description(*texts: str) -> str:
    """The first non-empty text, without markup, on one line, cut at a word near 160 characters."""
    for text in texts:
        text = " ".join(strip_tags(text or "").split())
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


def variant_available(variant: Variant) -> bool:
    inventory = getattr(variant, "inventory", None)
    return inventory is not None and inventory.available > 0


def product_jsonld(*, product: Product, url: str, images: list[str]) -> dict[str, Any]:
    """schema.org Product with one Offer per variant (one Offer for a product without options)."""
    variants = list(product.variants.all())

    def offer(variant: Variant | None) -> dict[str, Any]:
        available = variant_available(variant) if variant is not None else False
        data = {
            "@type": "Offer",
            "price": f"{(variant.effective_price if variant is not None else product.price):.2f}",
            "priceCurrency": product.currency or "EUR",
            "availability": SCHEMA_IN_STOCK if available else SCHEMA_OUT_OF_STOCK,
            "url": url if variant is None or len(variants) == 1 else f"{url}?variant={variant.pk}",
            "itemCondition": "https://schema.org/NewCondition",
        }
        if variant is not None and len(variants) > 1:
            data["sku"] = variant.sku
        return data

    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "sku": product.sku,
        "url": url,
    }
    if product.gtin and len(product.gtin) == 13:
        data["gtin13"] = product.gtin
    elif product.gtin:
        data["gtin"] = product.gtin
    if product.brand:
        data["brand"] = {"@type": "Brand", "name": product.brand}
    if images:
        data["image"] = images
    description = meta_description(product.description)
    if description:
        data["description"] = " ".join(strip_tags(product.description).split())
    if len(variants) > 1:
        data["offers"] = [offer(v) for v in variants]
    else:
        data["offers"] = offer(variants[0] if variants else None)
    return data


def og_image(request, image: ProductImage | None) -> str:
    # JPEG rather than WebP: not every link preview reads WebP.
    return absolute(request, image_url(image, "large", "jpeg")) if image is not None else ""
