"""The marketplace app's tables, all in the merchant's schema: the Letzshop connection and feed
sources, the staging area with its imports, and the synced shipments with their units."""

from .connection import FeedSource, LetzshopConnection
from .shipments import LetzshopShipment, LetzshopUnit
from .staging import CategoryMapping, FeedImport, RejectedRow, StagingProduct

__all__ = [
    "CategoryMapping",
    "FeedImport",
    "FeedSource",
    "LetzshopConnection",
    "LetzshopShipment",
    "LetzshopUnit",
    "RejectedRow",
    "StagingProduct",
]
