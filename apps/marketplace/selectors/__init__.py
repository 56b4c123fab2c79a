"""The marketplace's reads; every one takes the store and looks only inside it."""

from .export import export_count, export_fingerprint, export_products, export_token_matches  # noqa: F401
