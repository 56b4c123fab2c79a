"""The card's logo and hero image. An upload is checked by what it contains (Pillow), not by its
name: JPEG, PNG or WebP, at most 2 MB, within the sizes a card and a wallet pass can show; it is
re-encoded without metadata and stored through the default storage."""

from __future__ import annotations

import io
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed

from ..models import Program
from .policy import program_required
from .program import program_changed_announce

MAX_BYTES = 2 * 1024 * 1024
FORMATS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "WEBP": ("webp", "WEBP")}
# (smallest side, largest side) in pixels
SIZES = {"logo": (64, 2000), "hero_image": (320, 4000)}


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code="image_invalid", fields={field: [message]})


def _read(field: str, upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if not size:
        raise _invalid(field, _("The file is empty."))
    if size > MAX_BYTES:
        raise _invalid(field, _("Images can be at most %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    upload.seek(0)
    return upload.read(MAX_BYTES + 1)


def _check_size(field: str, width: int, height: int) -> None:
    low, high = SIZES[field]
    if min(width, height) < low or max(width, height) > high:
        raise _invalid(
            field,
            _("The image must be from %(low)d to %(high)d pixels on each side; this one is %(w)d × %(h)d.")
            % {"low": low, "high": high, "w": width, "h": height},
        )


def image_clean(*, field: str, upload: Any) -> tuple[bytes, str]:
    """The upload re-encoded (bytes, extension), or a ValidationFailed on `field`."""
    raw = _read(field, upload)
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in FORMATS:
                raise _invalid(field, _("Upload a JPEG, PNG or WebP image."))
            fmt = probe.format
            _check_size(field, *probe.size)
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            extension, encoder = FORMATS[fmt]
            if encoder == "JPEG":
                image = image.convert("RGB")
            elif image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA")
            out = io.BytesIO()
            image.save(out, encoder)
            return out.getvalue(), extension
    except ValidationFailed:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise _invalid(field, _("This file is not an image we can read (JPEG, PNG or WebP).")) from None
    except (OSError, SyntaxError, ValueError):
        raise _invalid(field, _("The image is damaged or incomplete. Please upload it again.")) from None


def _field(field: str) -> str:
    if field not in SIZES:
        raise ValidationFailed(_("Unknown image."), fields={"field": [_("Choose the logo or the hero image.")]})
    return field


@transaction.atomic
def program_image_set(*, store: Any, actor: Any, field: str, upload: Any) -> Program:
    """Replace the logo (field="logo") or the hero image (field="hero_image")."""
    field = _field(field)
    data, extension = image_clean(field=field, upload=upload)
    program = program_required(active=False, for_update=True)
    old = getattr(program, field)
    old_name = old.name if old else ""
    getattr(program, field).save(f"{secrets.token_hex(8)}.{extension}", ContentFile(data), save=False)
    program.save(update_fields=[field, "updated_at"])
    if old_name:
        storage = old.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    audit_record(actor=actor, action=f"loyalty.program_{field}_set", target=program.name, store=store)
    program_changed_announce(merchant_id=store.merchant_id)
    return program


@transaction.atomic
def program_image_clear(*, store: Any, actor: Any, field: str) -> Program:
    field = _field(field)
    program = program_required(active=False, for_update=True)
    image = getattr(program, field)
    if not image:
        return program
    name, storage = image.name, image.storage
    setattr(program, field, "")
    program.save(update_fields=[field, "updated_at"])
    transaction.on_commit(lambda: storage.delete(name))
    audit_record(actor=actor, action=f"loyalty.program_{field}_removed", target=program.name, store=store)
    program_changed_announce(merchant_id=store.merchant_id)
    return program
