"""Picture cards for demo products, drawn with Pillow: a coloured card with the product's initials
(or, for a book, a cover with its title and author), a shape for its kind, and the store's name.
800 x 800 JPEG, a few milliseconds each; the second and third views vary the layout."""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from .spec import RGB, ProductSpec

SIDE = 800


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=1)
def _gradient() -> Image.Image:
    return Image.linear_gradient("L").resize((SIDE, SIDE))


def _light(rgb: RGB) -> bool:
    r, g, b = rgb
    return 0.299 * r + 0.587 * g + 0.114 * b > 150


def _mix(a: RGB, b: RGB, share: float) -> RGB:
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))


def _shape(draw: ImageDraw.ImageDraw, shape: str, box: tuple[int, int, int, int], fill: RGB) -> None:
    left, top, right, bottom = box
    if shape == "rounded":
        draw.rounded_rectangle(box, radius=(right - left) // 6, fill=fill)
    elif shape == "arch":
        draw.rectangle((left, (top + bottom) // 2, right, bottom), fill=fill)
        draw.pieslice((left, top, right, bottom), 180, 360, fill=fill)
    elif shape == "shirt":
        w, h = right - left, bottom - top
        draw.polygon(
            [
                (left + w * 0.32, top),
                (left + w * 0.42, top + h * 0.08),
                (left + w * 0.58, top + h * 0.08),
                (left + w * 0.68, top),
                (right, top + h * 0.2),
                (left + w * 0.88, top + h * 0.4),
                (left + w * 0.78, top + h * 0.34),
                (left + w * 0.78, bottom),
                (left + w * 0.22, bottom),
                (left + w * 0.22, top + h * 0.34),
                (left + w * 0.12, top + h * 0.4),
                (left, top + h * 0.2),
            ],
            fill=fill,
        )
    else:
        draw.ellipse(box, fill=fill)


def _band(draw: ImageDraw.ImageDraw, store_name: str, bg: RGB) -> None:
    band = _mix(bg, (0, 0, 0), 0.35)
    draw.rectangle((0, SIDE - 90, SIDE, SIDE), fill=band)
    draw.text((SIDE // 2, SIDE - 45), store_name, font=_font(36), fill=(250, 250, 250), anchor="mm")


def _book(draw: ImageDraw.ImageDraw, spec: ProductSpec, bg: RGB, view: int) -> None:
    ink = (30, 30, 30) if _light(bg) else (250, 248, 240)
    inset = 70 if view == 0 else 110
    cover = (inset, 40, SIDE - inset, SIDE - 130)
    draw.rectangle(cover, outline=ink, width=6)
    draw.line((cover[0] + 30, cover[1] + 120, cover[2] - 30, cover[1] + 120), fill=ink, width=3)
    size = 64 if view == 0 else 52
    lines = textwrap.wrap(spec.initials, width=16 if view == 0 else 14)[:5]
    y = cover[1] + 170
    for line in lines:
        draw.text((SIDE // 2, y), line, font=_font(size), fill=ink, anchor="mt")
        y += int(size * 1.25)
    draw.text((SIDE // 2, cover[3] - 70), spec.caption, font=_font(40), fill=ink, anchor="mm")


def product_card(spec: ProductSpec, store_name: str, view: int = 0) -> bytes:
    """JPEG bytes of the product's picture number `view` (0, 1, 2)."""
    bg = spec.colours[view % len(spec.colours)] if spec.colours else (69, 123, 157)
    image = Image.new("RGB", (SIDE, SIDE), bg)
    shade = Image.new("RGB", (SIDE, SIDE), _mix(bg, (0, 0, 0), 0.25))
    image = Image.composite(shade, image, _gradient())
    draw = ImageDraw.Draw(image)
    if spec.shape == "book":
        _book(draw, spec, bg, view)
    else:
        light = _light(bg)
        shape_fill = _mix(bg, (255, 255, 255), 0.75) if not light else _mix(bg, (255, 255, 255), 0.55)
        ink = _mix(bg, (0, 0, 0), 0.6)
        if view == 0:
            box, size, centre = (150, 90, 650, 590), 200, (400, 340)
        elif view == 1:
            box, size, centre = (40, 40, 520, 520), 150, (280, 280)
        else:
            box, size, centre = (300, 90, 760, 550), 240, (530, 320)
        _shape(draw, spec.shape, box, shape_fill)
        draw.text(centre, spec.initials, font=_font(size), fill=ink, anchor="mm")
        caption = spec.caption if len(spec.caption) <= 34 else spec.caption[:33] + "…"
        draw.text((SIDE // 2, SIDE - 140), caption, font=_font(40), fill=ink if light else (250, 250, 250), anchor="mm")
    _band(draw, store_name, bg)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
