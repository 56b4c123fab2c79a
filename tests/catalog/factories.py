"""Catalog test data, made through the services so search documents and stock are right."""

from __future__ import annotations

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.catalog import services

_seq = itertools.count(1)


def product(store, *, stock: int = 10, **data):
    n = next(_seq)
    payload = {"sku": f"SKU-{n:05d}", "title": {"en": f"Product {n}"}, "price": "10.00", "status": "active", **data}
    return services.product_create(
        store=store, actor=None, data=payload, stock=stock, category_ids=payload.pop("category_ids", None)
    )


def image_upload(name: str = "photo.jpg", *, size=(64, 48), fmt: str = "JPEG", color=(200, 30, 30), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")
