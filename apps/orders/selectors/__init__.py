"""Reads of the orders app, one module per area; this is their public surface."""

from .pos import pos_order_get

__all__ = ["pos_order_get"]
