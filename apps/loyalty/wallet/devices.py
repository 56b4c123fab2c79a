"""The Apple Wallet devices registered for cards' passes (Apple's pass web service), and which of
a device's passes changed since the tag it last got."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.errors import Throttled
from apps.loyalty.errors import LoyaltyErrorCode
from apps.loyalty.models import Card, PassDevice

logger = logging.getLogger(__name__)

DEVICES_PER_CARD = 10  # a customer's phones and watches; more is someone flooding the pass's pushes


@transaction.atomic
def device_register(*, card: Card, device_library_id: str, push_token: str) -> bool:
    """Register (or refresh the push token of) a device for the card's pass. True when new.
    A card takes at most DEVICES_PER_CARD devices (Throttled past them): each one is a push on
    every balance change, and whoever holds the pass's token could register any number."""
    Card.objects.select_for_update().filter(pk=card.pk).first()  # one registration of a card at a time
    known = PassDevice.objects.filter(card=card, device_library_id=device_library_id).exists()
    if not known and PassDevice.objects.filter(card=card).count() >= DEVICES_PER_CARD:
        raise Throttled(
            _("This pass is registered on too many devices. Remove it from one first."),
            code=LoyaltyErrorCode.PASS_DEVICES_LIMIT,
        )
    device, created = PassDevice.objects.get_or_create(
        card=card, device_library_id=device_library_id, defaults={"push_token": push_token}
    )
    if not created and device.push_token != push_token:
        device.push_token = push_token
        device.save(update_fields=["push_token"])
    return created


def device_unregister(*, card: Card, device_library_id: str) -> None:
    PassDevice.objects.filter(card=card, device_library_id=device_library_id).delete()


def tag_of(moment: datetime) -> str:
    """An update tag: microseconds since the epoch (exact, unlike a formatted date)."""
    return str(int(moment.timestamp() * 1_000_000))


def tag_parse(tag: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(tag) / 1_000_000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def device_updated_serials(*, device_library_id: str, since: str = "") -> tuple[list[str], str]:
    """The serial numbers of the device's passes updated after tag `since` (all without one)
    and the new tag; no serials when nothing changed."""
    cards = Card.objects.filter(pass_devices__device_library_id=device_library_id)
    moment = tag_parse(since) if since else None
    if moment is not None:
        cards = cards.filter(pass_updated_at__gt=moment)
    rows = list(cards.values_list("number", "pass_updated_at"))
    if not rows:
        return [], since
    return sorted(number for number, _at in rows), tag_of(max(at for _n, at in rows))
