"""What the orders app does when something happens elsewhere or to an order. Connected in
OrdersConfig.ready()."""
