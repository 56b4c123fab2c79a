"""Who may do what with orders, customers, discount codes and the store's checkout set-up: every
action the orders pages and API offer and the one permission each takes (apps.accounts.actions).
Which roles hold each permission: apps.py."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from apps.accounts.actions import ActionTable

VIEW = "orders.view"  # orders, customers, invoices, packing slips, exports
FULFIL = "orders.fulfil"  # the warehouse's work: confirm, fulfil, deliver, receive returns, notes
MONEY = "orders.money"  # refunds, recorded payments, cancelling
CUSTOMERS = "orders.customers"  # change customer records
DISCOUNTS = "orders.discounts"
SETTINGS = "orders.settings"  # shipping methods, payment methods, bank details
PAYMENTS = "orders.payments"  # connect the store's Stripe account
POS = "orders.pos"  # sell at the till


class Action(StrEnum):
    VIEW = "view"
    NOTE_ADD = "note_add"
    CONFIRM = "confirm"
    FULFIL = "fulfil"  # fulfil lines, mark delivered, bulk fulfil, packing slips
    RETURN = "return"  # record or accept a return
    CANCEL = "cancel"
    REFUND = "refund"
    PAYMENT_RECORD = "payment_record"
    EXPORT = "export"
    CUSTOMER_VIEW = "customer_view"
    CUSTOMER_CHANGE = "customer_change"
    DISCOUNT_VIEW = "discount_view"
    DISCOUNT_CHANGE = "discount_change"  # create, edit, pause
    SETTINGS_VIEW = "settings_view"
    SETTINGS_CHANGE = "settings_change"
    PAYMENTS_CONNECT = "payments_connect"
    POS_SELL = "pos_sell"


TABLE = ActionTable(
    "orders",
    {
        Action.VIEW: VIEW,
        Action.NOTE_ADD: FULFIL,
        Action.CONFIRM: FULFIL,
        Action.FULFIL: FULFIL,
        Action.RETURN: FULFIL,
        Action.CANCEL: MONEY,
        Action.REFUND: MONEY,
        Action.PAYMENT_RECORD: MONEY,
        Action.EXPORT: VIEW,
        Action.CUSTOMER_VIEW: VIEW,
        Action.CUSTOMER_CHANGE: CUSTOMERS,
        Action.DISCOUNT_VIEW: VIEW,
        Action.DISCOUNT_CHANGE: DISCOUNTS,
        Action.SETTINGS_VIEW: VIEW,
        Action.SETTINGS_CHANGE: SETTINGS,
        Action.PAYMENTS_CONNECT: PAYMENTS,
        Action.POS_SELL: POS,
    },
)

ActionAccess = TABLE.access


def permission_of(action: Action) -> str:
    return TABLE.permission_of(action)


def allowed_actions(perms: Iterable[str]) -> dict[str, bool]:
    return TABLE.allowed(perms)
