"""Badges of an order's states on the store pages: `{% load orders_store %}{% order_badges order %}`.
Rendered in Python, as the order list shows fifty rows of them."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

from ..models import Order
from ..models.orders import Channel, FulfilmentStatus, OrderStatus, PaymentStatus

register = template.Library()

# value -> the badge's colour class ("" for the plain one)
PAYMENT_TONE = {PaymentStatus.PAID: "ok", PaymentStatus.PENDING: "warn", PaymentStatus.PARTIALLY_PAID: "warn"}
FULFILMENT_TONE = {
    FulfilmentStatus.FULFILLED: "ok",
    FulfilmentStatus.DELIVERED: "ok",
    FulfilmentStatus.UNFULFILLED: "warn",
    FulfilmentStatus.PARTIALLY_FULFILLED: "warn",
}
STATUS_TONE = {OrderStatus.CANCELLED: "err", OrderStatus.EXPIRED: "err", OrderStatus.OPEN: ""}


def _badge(tone: str, label) -> tuple[str, str]:
    return (f"badge {tone}".strip(), str(label))


def _label(choices, value: str) -> str:
    """A choice's label. Not get_FOO_display(): that hashes every choice's lazy label, which
    translates all of them on each call (fifty rows of four fields on the order list)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@register.simple_tag
def status_badge(order: Order) -> str:
    """The order's own state, when it says something (open, cancelled, expired)."""
    if order.status not in STATUS_TONE:
        return ""
    return format_html(
        '<span class="{}">{}</span>', *_badge(STATUS_TONE[order.status], _label(OrderStatus, order.status))
    )


@register.simple_tag
def payment_badge(order: Order) -> str:
    tone = PAYMENT_TONE.get(order.payment_status, "")
    return format_html('<span class="{}">{}</span>', *_badge(tone, _label(PaymentStatus, order.payment_status)))


@register.simple_tag
def fulfilment_badge(order: Order) -> str:
    tone = FULFILMENT_TONE.get(order.fulfilment_status, "")
    return format_html('<span class="{}">{}</span>', *_badge(tone, _label(FulfilmentStatus, order.fulfilment_status)))


@register.simple_tag
def channel_label(order: Order) -> str:
    return _label(Channel, order.channel)


@register.simple_tag
def order_badges(order: Order) -> str:
    """All three, for a page heading."""
    parts = [status_badge(order), payment_badge(order), fulfilment_badge(order)]
    return format_html_join(" ", "{}", ((part,) for part in parts if part))
