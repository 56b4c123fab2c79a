"""Letzshop and the marketplace app: where the API is, how its calls are retried, and the limits
of a feed import. Part of the base settings (base.py imports it)."""

from environ import Env as _Env

# underscored: base.py imports every other name of this module
_env = _Env()

# Letzshop's GraphQL API (the local sandbox, tools/letzshop_sandbox.py, in development and tests)
LETZSHOP_API_URL = _env.str("LETZSHOP_API_URL", default="https://letzshop.lu/graphql")
LETZSHOP_CONNECT_TIMEOUT = _env.float("LETZSHOP_CONNECT_TIMEOUT", default=5.0)
LETZSHOP_TIMEOUT = _env.float("LETZSHOP_TIMEOUT", default=30.0)
# rate limits (429), outages (5xx) and timeouts: retried this many times, waiting LETZSHOP_BACKOFF
# seconds doubled each time (or what Retry-After says), at most LETZSHOP_BACKOFF_MAX
LETZSHOP_RETRIES = _env.int("LETZSHOP_RETRIES", default=4)
LETZSHOP_BACKOFF = _env.float("LETZSHOP_BACKOFF", default=1.0)
LETZSHOP_BACKOFF_MAX = _env.float("LETZSHOP_BACKOFF_MAX", default=30.0)
# shipments asked for per page by the order sync (Letzshop gives at most 100): fewer round trips
# and job checkpoints for a historical import of thousands
LETZSHOP_PAGE_SIZE = _env.int("LETZSHOP_PAGE_SIZE", default=100)
# the incremental order sync runs every this many seconds (beat), for stores with automatic sync
LETZSHOP_SYNC_INTERVAL = _env.int("LETZSHOP_SYNC_INTERVAL", default=300)

# Feed downloads: the largest feed (bytes, after gunzip), the longest download (seconds, in
# total), and hosts a feed URL may point at although they resolve to a private or loopback
# address (the local sandbox); every other such address is refused.
FEED_MAX_BYTES = _env.int("FEED_MAX_BYTES", default=200 * 1024 * 1024)
FEED_DOWNLOAD_TIMEOUT = _env.int("FEED_DOWNLOAD_TIMEOUT", default=300)
FEED_ALLOWED_PRIVATE_HOSTS = _env.list("FEED_ALLOWED_PRIVATE_HOSTS", default=[])

# A published product the feed says is in stock (without a stock of its own from the merchant)
# gets this many units; out of stock means 0.
MARKETPLACE_IN_STOCK_QUANTITY = _env.int("MARKETPLACE_IN_STOCK_QUANTITY", default=10)
