"""Template helpers of the storefront: prices, VAT rates, responsive product pictures, JSON-LD."""

from __future__ import annotations

import json
from decimal import Decimal

from django import template
from django.core.files.storage import default_storage
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..models import ProductImage

register = template.Library()

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}
# Languages that write the symbol before the amount ("€12.50"); the others after it ("12,50 €").
SYMBOL_FIRST = {"en"}
# Rendition sizes offered to the browser, smallest first (services.renditions.RENDITIONS).
SRCSET_SIZES = ("small", "medium", "large")


@register.simple_tag
def money(amount, currency: str = "EUR") -> str:
    """An amount in the active language's format: "€1,234.50" in English, "1.234,50 €" in German."""
    if amount in (None, ""):
        return ""
    value = number_format(Decimal(amount), 2, use_l10n=True, force_grouping=True)
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if (get_language() or "en")[:2] in SYMBOL_FIRST:
        return f"{symbol}{value}"
    return f"{value}\N{NO-BREAK SPACE}{symbol}"


@register.filter
def percent(rate) -> str:
    """A VAT rate without trailing zeros: Decimal("17.00") -> "17", Decimal("5.50") -> "5,5"."""
    if rate in (None, ""):
        return ""
    rate = Decimal(rate).normalize()
    if rate == rate.to_integral():
        rate = rate.quantize(Decimal(1))
    return number_format(rate, use_l10n=True)


def _url(path: str) -> str:
    return default_storage.url(path) if path else ""


def _srcset(renditions: dict, fmt: str, names=SRCSET_SIZES) -> str:
    seen, parts = set(), []
    for name in names:
        entry = renditions.get(name) or {}
        width = entry.get("width")
        if entry.get(fmt) and width and width not in seen:  # small originals make equal widths
            seen.add(width)
            parts.append(f"{_url(entry[fmt])} {width}w")
    return ", ".join(parts)


def image_ready(image: ProductImage | None) -> bool:
    return bool(image and image.status == ProductImage.Status.READY and image.renditions)


def image_url(image: ProductImage | None, size: str = "large", fmt: str = "jpeg") -> str:
    """One rendition's URL, else the original's (renditions are made after the upload)."""
    if image is None:
        return ""
    entry = (image.renditions or {}).get(size) if image_ready(image) else None
    if entry and entry.get(fmt):
        return _url(entry[fmt])
    return image.original.url if image.original else ""


@register.simple_tag
def product_image_url(image, size: str = "large") -> str:
    return image_url(image, size)


@register.simple_tag
def product_picture(image, *, size: str = "medium", sizes: str = "100vw", alt: str = "", eager: bool = False):
    """<picture> with WebP and JPEG sources for every rendition, the `size` rendition as the
    fallback <img>, and width/height so the page does not jump while images load."""
    if image is None:
        return ""
    alt = image.alt_text or alt
    loading = mark_safe('fetchpriority="high"' if eager else 'loading="lazy"')  # noqa: S308 - constants
    if not image_ready(image) or size not in image.renditions:
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" {} decoding="async">',
            image_url(image),
            image.width or "",
            image.height or "",
            alt,
            loading,
        )
    renditions = image.renditions
    names = SRCSET_SIZES if size in SRCSET_SIZES else (size,)
    fallback = renditions[size]
    webp = _srcset(renditions, "webp", names)
    sources = format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp, sizes) if webp else ""
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" {} decoding="async">'
        "</picture>",
        sources,
        _url(fallback.get("jpeg", "")),
        _srcset(renditions, "jpeg", names),
        sizes,
        fallback.get("width", ""),
        fallback.get("height", ""),
        alt,
        loading,
    )


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data) -> SafeString:
    """Structured data for a <script type="application/ld+json">, escaped so that no text in it
    (a product title with "</script>") can end the script element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES))  # noqa: S308


@register.simple_tag
def query_with(params, **changes) -> str:
    """The query string of `params` (a QueryDict) with some values replaced; None drops one."""
    query = params.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
