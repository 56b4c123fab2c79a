"""Loyalty's Celery tasks: take ids, call one service. Routed in config/settings/background.py."""

from __future__ import annotations

from celery import shared_task

from .wallet import card_passes_refresh


@shared_task(name="apps.loyalty.tasks.card_pass_refresh", ignore_result=True)
def card_pass_refresh(card_id: int) -> None:
    """A card's balance changed: update its wallet passes (Apple push, Google object)."""
    card_passes_refresh(card_id=card_id)


# --- online purchases, referrals, tiers and expiry -------------------------------------------------
# Queued by receivers.py after an order's change committed; they take ids and are safe to run again
# (an order earns once, a take-back works from the order's totals, a referral is rewarded once).

import logging  # noqa: E402
from typing import Any  # noqa: E402

from django.core.exceptions import ObjectDoesNotExist  # noqa: E402
from django.db import OperationalError, connection  # noqa: E402
from django.utils import translation  # noqa: E402
from django_tenants.utils import get_tenant_model  # noqa: E402

from apps.core.background import for_each_merchant_schema  # noqa: E402
from apps.core.errors import NotFound  # noqa: E402
from apps.tenancy import selectors as tenancy_selectors  # noqa: E402

from .services.expiry import expire_points, expiry_warnings_send  # noqa: E402
from .services.online import online_order_earn, online_order_take_back  # noqa: E402
from .services.referrals import referral_reward  # noqa: E402
from .services.tiers import tiers_recalculate  # noqa: E402

logger = logging.getLogger(__name__)


def _store_of(store_id: int) -> Any:
    try:
        store = tenancy_selectors.dangerously_store_get_by_id(store_id=store_id)
    except ObjectDoesNotExist:
        logger.warning("loyalty: store %s is gone", store_id)
        return None
    return store if "loyalty" in store.merchant.enabled_modules else None


@shared_task(
    name="apps.loyalty.tasks.online_order_paid",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def online_order_paid(order_id: int, store_id: int) -> None:
    """An order was paid: earn on the customer's card (storefront), and the referral bonuses."""
    store = _store_of(store_id)
    if store is None:
        return
    with translation.override(store.language):
        try:
            online_order_earn(store=store, order_id=order_id)
            referral_reward(store=store, order_id=order_id)
        except NotFound:
            logger.warning("loyalty: order %s of store %s is gone", order_id, store_id)


@shared_task(
    name="apps.loyalty.tasks.online_order_taken_back",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def online_order_taken_back(order_id: int, store_id: int) -> None:
    """An order was refunded or returned: take back its share of what it earned."""
    store = _store_of(store_id)
    if store is None:
        return
    with translation.override(store.language):
        try:
            online_order_take_back(store=store, order_id=order_id)
        except NotFound:
            logger.warning("loyalty: order %s of store %s is gone", order_id, store_id)


def _loyalty_on() -> bool:
    """Whether the merchant of the current schema (beat's sweeps enter it by name) has loyalty on."""
    merchant = get_tenant_model().objects.filter(schema_name=connection.schema_name).first()
    return merchant is not None and "loyalty" in merchant.enabled_modules


def _tiers_schema() -> int:
    return tiers_recalculate() if _loyalty_on() else 0


def _expiry_schema() -> int:
    if not _loyalty_on():
        return 0
    expired = expire_points()
    expiry_warnings_send()
    return expired


@shared_task(name="apps.loyalty.tasks.tiers_recalculate_all", ignore_result=True)
def tiers_recalculate_all() -> int:
    """Beat, nightly (public schema): the tiers of every merchant with loyalty; cards changed."""
    return sum(count for _schema, count in for_each_merchant_schema(_tiers_schema))


@shared_task(name="apps.loyalty.tasks.points_expire_all", ignore_result=True)
def points_expire_all() -> int:
    """Beat, nightly (public schema): expire inactive points and send the warnings, in every
    merchant with loyalty; how many cards expired."""
    return sum(count for _schema, count in for_each_merchant_schema(_expiry_schema))
