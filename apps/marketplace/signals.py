"""What the marketplace announces. `feed_imported(sender=FeedImport, store=..., feed_import=...)` is
sent once an import has written its staging rows (on commit): the "follow the feed" part of
curation listens to it (receivers.py)."""

from django.dispatch import Signal

feed_imported = Signal()
