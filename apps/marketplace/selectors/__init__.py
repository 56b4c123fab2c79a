"""Reads of the marketplace; every function takes the store and looks only inside it."""

from .export import export_count, export_fingerprint, export_products, export_token_matches
from .staging import (
    STAGING_SORTS,
    StagingFacets,
    StagingFilters,
    StagingPaginator,
    category_mapping_list,
    feed_category_list,
    last_import,
    staging_counts,
    staging_facets,
    staging_filters_parse,
    staging_get,
    staging_group,
    staging_ids_parse,
    staging_list,
    staging_matching_ids,
    staging_search,
)

__all__ = [
    "export_count",
    "export_fingerprint",
    "export_products",
    "export_token_matches",
    "STAGING_SORTS",
    "StagingFacets",
    "StagingFilters",
    "StagingPaginator",
    "category_mapping_list",
    "feed_category_list",
    "last_import",
    "staging_counts",
    "staging_facets",
    "staging_filters_parse",
    "staging_get",
    "staging_group",
    "staging_ids_parse",
    "staging_list",
    "staging_matching_ids",
    "staging_search",
]
