"""Cart, checkout and the customer's orders on the storefront, in the "shop" namespace with the catalog's pages."""

app_name = "shop"

urlpatterns: list = []
