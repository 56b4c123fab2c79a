"""Who may do what with loyalty: every action the loyalty pages and API offer and the one
permission each takes (apps.accounts.actions). Which roles hold each permission: apps.py."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from apps.accounts.actions import ActionTable

VIEW = "loyalty.view"  # the terminal's card lookup, the cards list and card pages
OPERATE = "loyalty.operate"  # terminal writes: enrol, stamp, points, redeem, void
REPORT = "loyalty.report"  # stats and the CSV export
MANAGE = "loyalty.manage"  # the programme, rewards, tiers, staff PINs, manual adjustments


class Action(StrEnum):
    VIEW = "view"
    ENROL = "enrol"
    STAMP = "stamp"
    POINTS = "points"
    REDEEM = "redeem"
    VOID = "void"
    STATS = "stats"
    EXPORT = "export"
    PROGRAM_CHANGE = "program_change"
    PINS = "pins"
    ADJUST = "adjust"


TABLE = ActionTable(
    "loyalty",
    {
        Action.VIEW: VIEW,
        Action.ENROL: OPERATE,
        Action.STAMP: OPERATE,
        Action.POINTS: OPERATE,
        Action.REDEEM: OPERATE,
        Action.VOID: OPERATE,
        Action.STATS: REPORT,
        Action.EXPORT: REPORT,
        Action.PROGRAM_CHANGE: MANAGE,
        Action.PINS: MANAGE,
        Action.ADJUST: MANAGE,
    },
)

ActionAccess = TABLE.access


def permission_of(action: Action) -> str:
    return TABLE.permission_of(action)


def allowed_actions(perms: Iterable[str]) -> dict[str, bool]:
    return TABLE.allowed(perms)
