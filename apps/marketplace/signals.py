"""News of the marketplace for other parts of it: sent after the transaction that made the change
has committed."""

from __future__ import annotations

from django.dispatch import Signal

# sender=FeedImport; kwargs: store, feed_import (status done). Curation's "follow the feed" listens.
feed_imported = Signal()
