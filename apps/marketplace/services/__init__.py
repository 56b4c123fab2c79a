"""Writes of the marketplace app, one module per area (connection, feeds, curation, order_sync ...);
callers import the area's module."""
