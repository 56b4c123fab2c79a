"""What the marketplace does when lower apps announce news (signals): one section per area."""

from django.dispatch import receiver

from .cache import staging_changed
from .services.follow import feed_follow
from .signals import feed_imported

# --- curation: published products follow the feed -------------------------------------------------


@receiver(feed_imported, dispatch_uid="marketplace.follow_feed")
def follow_feed_on_import(sender, *, store, feed_import, **kwargs) -> None:  # noqa: ARG001 - the signal's shape
    """After an import: the published products follow the feed's price and availability, and
    those gone from it are archived, as the store chose."""
    staging_changed(store.id)  # the import rewrote the staging rows: the list's cached figures go
    feed_follow(store=store, feed_import=feed_import)
