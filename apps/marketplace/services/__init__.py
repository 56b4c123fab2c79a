"""The marketplace's writes, one module per area; this is their public surface."""

# --- curation and publishing ---
from .curation import category_mapping_set, staging_bulk_customise, staging_customise, staging_select, staging_target
from .follow import FollowResult, feed_follow
from .images import staging_image_urls
from .publish import PublishResult, staging_price, staging_publish, staging_publish_one, staging_unpublish

__all__ = [
    # --- curation and publishing ---
    "FollowResult",
    "PublishResult",
    "category_mapping_set",
    "feed_follow",
    "staging_bulk_customise",
    "staging_image_urls",
    "staging_price",
    "staging_customise",
    "staging_publish",
    "staging_publish_one",
    "staging_select",
    "staging_target",
    "staging_unpublish",
]
