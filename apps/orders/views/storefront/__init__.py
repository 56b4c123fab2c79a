"""The shop's cart, checkout and the customer's orders, on the store's domain."""
