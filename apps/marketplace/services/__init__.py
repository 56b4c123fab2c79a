"""Writes of the marketplace app, one module per area (connection, feeds, curation, order sync,
units); import the area's module: `from apps.marketplace.services import connection`."""
