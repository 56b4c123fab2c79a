"""Helpers of the documents tests: orders in a given state and the text of a PDF (reportlab
writes compressed page streams; the text is in them as PDF strings)."""

from __future__ import annotations

import base64
import re
import zlib

from apps.orders import services
from apps.orders.models import Customer

from .factories import place, shop_setup, variant

STREAM = re.compile(rb"stream\r?\n(.*?)\s*endstream", re.S)


def pdf_text(content: bytes) -> str:
    """Every page stream of the PDF decompressed, as one text (good enough to find words in)."""
    parts = []
    for raw in STREAM.findall(content):
        data = raw.strip()
        try:
            if data.endswith(b"~>"):  # /ASCII85Decode first
                data = base64.a85decode(re.sub(rb"\s", b"", data[:-2]))
            parts.append(zlib.decompress(data).decode("latin-1"))
        except (ValueError, zlib.error):
            parts.append(raw.decode("latin-1"))
    return "\n".join(parts).replace("\\(", "(").replace("\\)", ")")


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", content))


def paid_order(store, *, price="20.00", quantity=2, user=None, **kwargs):
    """A paid order of two units (its invoice issued by the test when it wants one)."""
    shop_setup(store)
    order = place(store, [(variant(store, price=price, **kwargs), quantity)])
    services.payment_record(store=store, order_id=order.pk, amount=order.total, method="bank_transfer", actor=None)
    if user is not None:
        Customer.objects.filter(pk=order.customer_id).update(user=user)
    order.refresh_from_db()
    return order
