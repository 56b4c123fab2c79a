from enum import StrEnum


class MarketplaceErrorCode(StrEnum):
    # the Letzshop connection (the client's own codes: letzshop/client.py LetzshopErrorCode)
    API_KEY_REQUIRED = "api_key_required"
    NOT_CONNECTED = "letzshop_not_connected"
    # feed download and import
    FEED_URL_INVALID = "feed_url_invalid"
    FEED_URL_FORBIDDEN = "feed_url_forbidden"  # private, loopback or link-local address
    FEED_UNREACHABLE = "feed_unreachable"
    FEED_HTTP_ERROR = "feed_http_error"
    FEED_NOT_A_FEED = "feed_not_a_feed"  # HTML, or no header we know
    FEED_TOO_LARGE = "feed_too_large"
    FEED_TIMEOUT = "feed_timeout"
    FEED_COLUMNS_MISSING = "feed_columns_missing"
    FEED_ENCODING = "feed_encoding"
    FILE_REQUIRED = "file_required"
    IMPORT_RUNNING = "import_running"
    LANGUAGE_INVALID = "language_invalid"
    # curation and publishing
    SELECTION_EMPTY = "selection_empty"
    CUSTOMISATION_INVALID = "customisation_invalid"
    SKU_TAKEN = "sku_taken"
    ALREADY_PUBLISHED = "already_published"
    NOT_PUBLISHED = "not_published"
    # order sync
    SYNC_RUNNING = "sync_running"
    UNIT_STATE_INVALID = "unit_state_invalid"
    TRACKING_INVALID = "tracking_invalid"
    LINE_MATCH_INVALID = "line_match_invalid"
