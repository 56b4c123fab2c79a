"""Reads of the orders app, one module per area; this is their public surface. Every function
takes the store and looks only inside it."""

from .orders import COUNT_CAP, OrderPaginator, order_get, order_list, order_search  # noqa: F401
