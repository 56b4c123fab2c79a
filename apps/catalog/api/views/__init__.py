"""Store catalog API: products, variants, categories, option types, images, stock and bulk
changes, for staff and tills (token or session; per-role permissions per HTTP method), one module
per resource. Every view resolves the store of the URL within the domain's merchant first
(StoreAPIView) and reads and writes through selectors and services, which look only inside that
store. The public storefront API is in storefront.py."""
