"""Catalog test data, made through the services so search documents and stock are right."""

from __future__ import annotations

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.catalog import services
from apps.catalog.models import Product, ProductImage

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


def fake_image(item: Product, *, ready: bool = True, primary: bool = True, position: int = 1) -> ProductImage:
    """An image row as services.renditions_make leaves it (the files themselves are not needed)."""
    base = f"m_alpha/catalog/{item.store_id}/{item.pk}/tok{position}"
    renditions = {
        name: {"webp": f"{base}/{name}.webp", "jpeg": f"{base}/{name}.jpg", "width": side, "height": side * 3 // 4}
        for name, side in (("thumbnail", 160), ("small", 320), ("medium", 640), ("large", 1280))
    }
    return ProductImage.objects.create(
        product=item,
        token=f"tok{position}",
        original=f"{base}/original.jpg",
        width=2000,
        height=1500,
        position=position,
        is_primary=primary,
        status=ProductImage.Status.READY if ready else ProductImage.Status.PROCESSING,
        renditions=renditions if ready else {},
    )
