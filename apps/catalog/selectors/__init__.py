"""Reads of the catalog, by audience; this is their public surface. Every function takes the
store and looks only inside it.

- backoffice: the store pages and the store API (any status, stock, costs, the ledger);
- storefront: listings with search and facets, the home page, the product page;
- sitemap: the active products in id ranges.
"""

from ._common import category_list, category_tree, clean_query, visible_products
from .backoffice import (
    STORE_SORTS,
    brand_list,
    category_get,
    inventory_list,
    movement_list,
    option_type_get,
    option_type_list,
    product_get,
    product_get_for_update,
    product_list,
    variant_get,
    variant_lookup,
)
from .marketplace import VariantCodes, variants_by_codes, variants_search  # noqa: F401 - the marketplace's reads
from .sale import SaleVariant, variants_for_sale, variants_for_sale_by_code
from .sitemap import sitemap_chunks, sitemap_entries
from .storefront import (
    SORTS,
    Facets,
    Listing,
    Results,
    SearchResult,
    search_ids,
    storefront_home,
    storefront_listing,
    storefront_product,
)

__all__ = [
    "SaleVariant",
    "variants_for_sale",
    "variants_for_sale_by_code",
    "SORTS",
    "STORE_SORTS",
    "Facets",
    "Listing",
    "Results",
    "SearchResult",
    "brand_list",
    "category_get",
    "category_list",
    "category_tree",
    "clean_query",
    "inventory_list",
    "movement_list",
    "option_type_get",
    "option_type_list",
    "product_get",
    "product_get_for_update",
    "product_list",
    "search_ids",
    "sitemap_chunks",
    "sitemap_entries",
    "storefront_home",
    "storefront_listing",
    "storefront_product",
    "variant_get",
    "variant_lookup",
    "visible_products",
]
