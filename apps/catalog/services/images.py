"""Product images: an upload is checked by what it contains (Pillow), not by its name; rotated
upright from its EXIF orientation and re-encoded without metadata (no GPS or camera data leaves
the merchant's computer); then a task makes the renditions in WebP and JPEG."""

from __future__ import annotations

import io
import secrets
from typing import NamedTuple

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.core.audit import audit_record
from apps.core.errors import NotFound, ValidationFailed
from apps.core.modules import JobQueue

from .. import limits
from ..cache import catalog_changed
from ..errors import CatalogErrorCode
from ..models import Product, ProductImage
from ..texts import Texts, texts_clean, texts_set
from ..types import Actor, StoreRef
from .renditions import renditions_schedule

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels
MAX_SIDE = 12_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png", "MPO": "jpg"}


class NormalisedImage(NamedTuple):
    """An upload checked and cleaned by image_normalise, ready for image_add."""

    data: bytes
    extension: str
    width: int
    height: int


def _invalid(message: str, code: str = CatalogErrorCode.IMAGE_INVALID) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={"image": [message]})


def image_normalise(upload: File) -> NormalisedImage:
    """Check an upload and return the cleaned original: its bytes, extension, width and height. A
    form that checks uploads before it saves anything hands the result to image_add."""
    size = getattr(upload, "size", None)
    if size is None or size > MAX_BYTES:
        raise _invalid(
            _("Images can be at most %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}, CatalogErrorCode.IMAGE_TOO_LARGE
        )
    if size == 0:
        raise _invalid(_("The file is empty."))
    upload.seek(0)
    raw = upload.read()
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            fmt = probe.format
            width, height = probe.size
            if fmt not in ALLOWED_FORMATS:
                raise _invalid(_("Upload a JPEG, PNG, WebP or GIF image."))
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise _invalid(
                    _("The image is too large: at most %(mp)d megapixels.") % {"mp": MAX_PIXELS // 1_000_000},
                    CatalogErrorCode.IMAGE_TOO_LARGE,
                )
            probe.verify()  # structure and checksums, without decoding pixels
        with Image.open(io.BytesIO(raw)) as image:
            image.load()  # truncated data fails here
            image = ImageOps.exif_transpose(image)
            extension = ALLOWED_FORMATS[fmt]
            out = io.BytesIO()
            if extension == "jpg":
                image.convert("RGB").save(out, "JPEG", quality=92, optimize=True)
            elif extension == "png":
                image = image.convert("RGBA") if image.mode in ("P", "LA", "RGBA") else image.convert("RGB")
                image.save(out, "PNG", optimize=True)
            else:
                image.save(out, "WEBP", quality=92)
            return NormalisedImage(out.getvalue(), extension, image.width, image.height)
    except ValidationFailed:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise _invalid(_("This file is not an image we can read (JPEG, PNG, WebP or GIF).")) from None
    except (OSError, SyntaxError, ValueError):
        raise _invalid(_("The image is damaged or incomplete. Please upload it again.")) from None


def _check_room(product: Product) -> None:
    # counted in the database: `product` may carry a prefetched list from before this upload
    if ProductImage.objects.filter(product_id=product.pk).count() >= limits.MAX_IMAGES_PER_PRODUCT:
        raise _invalid(
            ngettext(
                "A product can have at most %(max)d image.",
                "A product can have at most %(max)d images.",
                limits.MAX_IMAGES_PER_PRODUCT,
            )
            % {"max": limits.MAX_IMAGES_PER_PRODUCT},
            CatalogErrorCode.TOO_MANY_IMAGES,
        )


ALT_TEXT_LENGTH = ProductImage._meta.get_field("alt_text").max_length


def _alt_texts(alt_text: Texts | None) -> Texts:
    """Alt texts as given, cut to the column's length (an over-long description is no error)."""
    return {lang: text[:ALT_TEXT_LENGTH] for lang, text in texts_clean(alt_text, field="alt_text").items()}


def image_add(
    *,
    store: StoreRef,
    product: Product,
    actor: Actor | None,
    upload: File | NormalisedImage,
    alt_text: Texts | None = None,
    renditions_lane: JobQueue = JobQueue.BULK,
) -> ProductImage:
    """Add an upload (checked and cleaned here unless image_normalise did already) to the product's
    images (the first is its main image); the renditions are made in the background (renditions.py),
    in `renditions_lane`."""
    _check_room(product)  # before decoding anything
    alt_texts = _alt_texts(alt_text)
    normalised = upload if isinstance(upload, NormalisedImage) else image_normalise(upload)
    data, extension, width, height = normalised
    with transaction.atomic():
        Product.objects.select_for_update().filter(pk=product.pk).first()  # serialise positions per product
        _check_room(product)  # again, now that no other upload to this product can slip in
        position = (product.images.aggregate(m=Max("position"))["m"] or 0) + 1
        image = ProductImage(
            product=product,
            token=secrets.token_hex(8),
            extension=extension,
            position=position,
            is_primary=not product.images.filter(is_primary=True).exists(),
        )
        texts_set(image, "alt_text", alt_texts)
        image.original.save(f"original.{extension}", ContentFile(data), save=False)
        image.width, image.height = width, height
        image.save()
        renditions_schedule(lane=renditions_lane)
        audit_record(
            actor=actor,
            action="catalog.image_add",
            target=product.sku,
            store=store,
            data={"image": image.pk, "width": width, "height": height},
        )
        catalog_changed(store.id)
    return image


def _image(*, store: StoreRef, product: Product, image_id: int) -> ProductImage:
    image = ProductImage.objects.filter(product=product, product__store_id=store.id, pk=image_id).first()
    if image is None:
        raise NotFound(_("No such image."))
    return image


@transaction.atomic
def image_delete(*, store: StoreRef, product: Product, image_id: int, actor: Actor | None) -> None:
    """Delete an image and its files (once the transaction commits); the next one becomes the main
    image if it was."""
    image = _image(store=store, product=product, image_id=image_id)
    was_primary = image.is_primary
    files = [image.original.name] + [e[k] for e in image.renditions.values() for k in ("webp", "jpeg") if k in e]
    image.delete()
    if was_primary:
        nxt = product.images.order_by("position", "id").first()
        if nxt:
            ProductImage.objects.filter(pk=nxt.pk).update(is_primary=True)

    def remove_files() -> None:
        for name in files:
            if name and default_storage.exists(name):
                default_storage.delete(name)

    transaction.on_commit(remove_files)
    audit_record(actor=actor, action="catalog.image_delete", target=product.sku, store=store, data={"image": image_id})
    catalog_changed(store.id)


@transaction.atomic
def image_reorder(*, store: StoreRef, product: Product, ordered_ids: list[int], actor: Actor | None) -> None:
    """Put the product's images in this order (every image id once)."""
    current = list(product.images.select_for_update().values_list("pk", flat=True))
    if sorted(int(i) for i in ordered_ids) != sorted(current):
        raise ValidationFailed(
            _("Send every image of the product once."), fields={"order": [_("Send every image once.")]}
        )
    for position, pk in enumerate(ordered_ids, start=1):
        ProductImage.objects.filter(pk=pk).update(position=position)
    audit_record(
        actor=actor,
        action="catalog.image_reorder",
        target=product.sku,
        store=store,
        data={"order": [int(pk) for pk in ordered_ids]},
    )
    catalog_changed(store.id)


@transaction.atomic
def image_update(
    *,
    store: StoreRef,
    product: Product,
    image_id: int,
    actor: Actor | None,
    alt_text: Texts | None = None,
    primary: bool | None = None,
) -> ProductImage:
    """Change the languages given of an image's alt text (the others stay), or make it the main one."""
    image = _image(store=store, product=product, image_id=image_id)
    texts_set(image, "alt_text", _alt_texts(alt_text))
    image.save()
    if primary:
        product.images.exclude(pk=image.pk).update(is_primary=False)
        ProductImage.objects.filter(pk=image.pk).update(is_primary=True)
        image.is_primary = True
    fields = [*(["alt_text"] if alt_text else []), *(["is_primary"] if primary else [])]
    audit_record(
        actor=actor,
        action="catalog.image_update",
        target=product.sku,
        store=store,
        data={"image": image.pk, "fields": fields},
    )
    catalog_changed(store.id)
    return image
