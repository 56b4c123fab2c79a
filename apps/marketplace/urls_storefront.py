"""The marketplace's URLs on a store's domain, outside the store pages (the catalog feed Letzshop
pulls), in the `storefront` namespace."""

urlpatterns: list = []
