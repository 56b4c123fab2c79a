"""Wallet passes: Apple Wallet store cards and Google Wallet loyalty objects.

config.py    apple_enabled() / google_enabled(): without their settings the buttons are hidden
content.py   what a pass shows (balance, reward, tier, colours, images)
apple.py     the signed .pkpass;  apns.py  the push after a change
devices.py   Apple's device registrations and the passes updated since a tag
google.py    the loyalty class/object, the "Add to Google Wallet" link, the object's patch
refresh.py   card_passes_refresh(card_id=): what task card_pass_refresh runs
links.py     pass_links(card, request): the buttons' addresses
"""

from .config import WalletError, apple_enabled, google_enabled
from .links import pass_links
from .refresh import card_passes_refresh

__all__ = ["WalletError", "apple_enabled", "card_passes_refresh", "google_enabled", "pass_links"]
