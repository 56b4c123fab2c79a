"""Who may do what with the marketplace: every action the marketplace pages and API offer and the
one permission each takes (apps.accounts.actions). Which roles hold each permission: apps.py."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from apps.accounts.actions import ActionTable

VIEW = "marketplace.view"  # the staging area, imports, synced shipments
CURATE = "marketplace.curate"  # select, customise, publish and unpublish; category mappings
IMPORT = "marketplace.import"  # run feed imports, change the feed sources
SYNC = "marketplace.sync"  # run the order sync; confirm or decline units, send tracking
CONNECT = "marketplace.connect"  # the Letzshop API key and the connection's settings


class Action(StrEnum):
    VIEW = "view"
    CURATE = "curate"
    PUBLISH = "publish"
    IMPORT = "import"
    SOURCES_CHANGE = "sources_change"
    SYNC = "sync"
    UNITS_CONFIRM = "units_confirm"
    TRACKING_SET = "tracking_set"
    CONNECTION_VIEW = "connection_view"
    CONNECTION_CHANGE = "connection_change"


TABLE = ActionTable(
    "marketplace",
    {
        Action.VIEW: VIEW,
        Action.CURATE: CURATE,
        Action.PUBLISH: CURATE,
        Action.IMPORT: IMPORT,
        Action.SOURCES_CHANGE: IMPORT,
        Action.SYNC: SYNC,
        Action.UNITS_CONFIRM: SYNC,
        Action.TRACKING_SET: SYNC,
        Action.CONNECTION_VIEW: VIEW,
        Action.CONNECTION_CHANGE: CONNECT,
    },
)

ActionAccess = TABLE.access


def permission_of(action: Action) -> str:
    return TABLE.permission_of(action)


def allowed_actions(perms: Iterable[str]) -> dict[str, bool]:
    return TABLE.allowed(perms)
