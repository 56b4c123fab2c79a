"""What a card's pass shows, for both wallets: the balance (points, or stamps as "7 / 10"), the
reward in reach, the tier, the colours and the card's images (the programme's logo, or a plain
square in the card colour when it has none)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageColor

from apps.loyalty.models import Card, Program, Reward

# Apple's image sizes (points; @2x doubles them)
ICON_SIZE = (29, 29)
LOGO_SIZE = (160, 50)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class PassContent:
    title: str  # the programme's name
    issuer: str  # the store's name
    holder: str
    primary: Field
    secondary: tuple[Field, ...]
    back: tuple[Field, ...]
    points: int | None  # the points balance, None for a stamps programme
    stamps: str | None  # "7 / 10", None for a points programme
    card_colour: str
    text_colour: str


def _holder(card: Card) -> str:
    customer = card.customer
    return f"{customer.first_name} {customer.last_name}".strip() or customer.email


def _next_reward(program: Program, card: Card) -> str:
    if program.has_stamps and program.stamps_reward:
        return program.stamps_reward
    reward = (
        Reward.objects.filter(is_active=True, points_cost__gt=card.points_balance).order_by("points_cost").first()
        or Reward.objects.filter(is_active=True).order_by("-points_cost").first()
    )
    return f"{reward.name} ({reward.points_cost})" if reward else ""


def pass_content(*, program: Program, card: Card, store_name: str) -> PassContent:
    stamps = f"{card.stamps_balance} / {program.stamps_target}" if program.has_stamps else None
    points = card.points_balance if program.has_points else None
    if points is not None:
        primary = Field("points", _("Points"), str(points))
    else:
        primary = Field("stamps", _("Stamps"), stamps or "")
    secondary = []
    if points is not None and stamps is not None:
        secondary.append(Field("stamps", _("Stamps"), stamps))
    reward = _next_reward(program, card)
    if reward:
        secondary.append(Field("reward", _("Reward"), reward))
    if card.tier_id:
        secondary.append(Field("tier", _("Tier"), card.tier.name))
    back = [Field("number", _("Card number"), card.display_number)]
    if program.terms:
        back.append(Field("terms", _("Terms"), program.terms))
    return PassContent(
        title=program.name,
        issuer=store_name,
        holder=_holder(card),
        primary=primary,
        secondary=tuple(secondary),
        back=tuple(back),
        points=points,
        stamps=stamps,
        card_colour=program.card_colour,
        text_colour=program.text_colour,
    )


def rgb(colour: str) -> str:
    """#1f3a5f -> rgb(31, 58, 95), as pass.json wants its colours."""
    r, g, b = ImageColor.getrgb(colour)[:3]
    return f"rgb({r}, {g}, {b})"


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _logo_source(program: Program) -> Image.Image | None:
    if not program.logo:
        return None
    try:
        with program.logo.open("rb") as f:
            image = Image.open(f)
            image.load()
    except (OSError, ValueError):  # a missing or broken file: fall back to the plain image
        return None
    return image.convert("RGBA")


def image_png(program: Program, size: tuple[int, int], source: Image.Image | None = None) -> bytes:
    """A PNG of `size`: the logo fitted on the card colour, or the card colour alone."""
    canvas = Image.new("RGBA", size, ImageColor.getrgb(program.card_colour))
    if source is not None:
        logo = source.copy()
        logo.thumbnail(size, Image.Resampling.LANCZOS)
        canvas.alpha_composite(logo, ((size[0] - logo.width) // 2, (size[1] - logo.height) // 2))
    return _png(canvas)


def pass_images(program: Program) -> dict[str, bytes]:
    """icon.png and logo.png at 1x and 2x."""
    source = _logo_source(program)
    images = {}
    for name, (w, h) in (("icon", ICON_SIZE), ("logo", LOGO_SIZE)):
        images[f"{name}.png"] = image_png(program, (w, h), source)
        images[f"{name}@2x.png"] = image_png(program, (w * 2, h * 2), source)
    return images


def program_logo_png(program: Program) -> bytes:
    """The square logo Google Wallet shows (660 px, its recommended size)."""
    return image_png(program, (660, 660), _logo_source(program))
