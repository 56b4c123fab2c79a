"""Template helpers of the customer's loyalty pages: the card's QR code, and whether the
storefront's account menu offers the loyalty card."""

from __future__ import annotations

from typing import Any

import segno
from django import template
from django.core.cache import cache
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..selectors.customer import program_public

register = template.Library()

NAV_CACHE_KEY = "loyalty:storefront_nav"
NAV_CACHE_SECONDS = 60


@register.simple_tag
def loyalty_qr(card: Any, scale: int = 5) -> str:
    """The card's QR code as inline SVG (no style attribute: the page's policy allows none)."""
    qr = segno.make(card.qr_payload, error="m")
    svg = qr.svg_inline(scale=scale, svgclass="loyalty-qr", lineclass="qrline", omitsize=False)
    label = format_html('<span class="visually-hidden">{}</span>', _("QR code of card %(n)s") % {"n": card})
    return mark_safe(f'<div class="loyalty-qr-box" role="img">{svg}{label}</div>')  # noqa: S308 - segno's own markup


@register.simple_tag(takes_context=True)
def loyalty_nav_visible(context: Any) -> bool:
    """Whether the account menu links the loyalty card: the module is on and the merchant has a
    programme (remembered for a minute per merchant, so the menu costs no query)."""
    merchant = context.get("current_merchant")
    if merchant is None or "loyalty" not in merchant.enabled_modules:
        return False
    visible = cache.get(NAV_CACHE_KEY)
    if visible is None:
        program = program_public()
        visible = program is not None and program.is_active
        cache.set(NAV_CACHE_KEY, visible, NAV_CACHE_SECONDS)
    return visible
