"""Wallet passes: Apple Wallet store cards and Google Wallet loyalty objects."""


def card_passes_refresh(*, card_id: int) -> None:
    """Bring a card's passes up to date after its balance changed (none are configured yet)."""
    del card_id
