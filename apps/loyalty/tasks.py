"""Loyalty's Celery tasks: take ids, call one service. Routed in config/settings/background.py."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist
from django.db import OperationalError, connection
from django.utils import translation
from django_tenants.utils import get_tenant_model

from apps.core.background import for_each_merchant_schema
from apps.core.errors import NotFound
from apps.tenancy import selectors as tenancy_selectors

from .services import directory
from .services.expiry import expire_points, expiry_warnings_send
from .services.online import online_order_earn, online_order_take_back
from .services.referrals import referral_reward
from .services.tiers import tiers_recalculate
from .services.welcome_mail import card_welcome_email_send
from .wallet import WalletError, card_passes_refresh

logger = logging.getLogger(__name__)

# a failed wallet update is tried again after 30 s, 60 s, 120 s, ... (at most 10 min), 6 times
PASS_RETRIES = 6
PASS_BACKOFF = 30
PASS_BACKOFF_MAX = 600


@shared_task(bind=True, name="apps.loyalty.tasks.card_pass_refresh", ignore_result=True, max_retries=PASS_RETRIES)
def card_pass_refresh(self, card_id: int) -> None:
    """A card's balance changed: update its wallet passes (Apple push, Google object). A failure
    is logged and retried with backoff; run eagerly (tests, development) it is only logged, so it
    never reaches the ledger call that queued it."""
    try:
        card_passes_refresh(card_id=card_id)
    except WalletError as exc:
        logger.warning("card %s: wallet pass update failed: %s", card_id, exc)
        if self.request.is_eager or self.request.retries >= PASS_RETRIES:
            return
        raise self.retry(exc=exc, countdown=min(PASS_BACKOFF * 2**self.request.retries, PASS_BACKOFF_MAX)) from exc


# --- platform: the programme directory ---


@shared_task(name="apps.loyalty.tasks.program_directory_refresh", ignore_result=True)
def program_directory_refresh(merchant_id: int) -> None:
    """A programme changed (or an admin asked): refresh the merchant's directory row."""
    directory.directory_refresh_by_id(merchant_id=merchant_id)


@shared_task(name="apps.loyalty.tasks.program_directory_refresh_all", ignore_result=True)
def program_directory_refresh_all() -> int:
    """Beat (public schema), hourly and nightly: refresh every merchant's directory row."""
    return directory.directory_refresh_all()


# --- customers: the join page and the storefront account ----------------------------------------


@shared_task(name="apps.loyalty.tasks.card_welcome_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def card_welcome_email(card_id: int) -> None:
    """A customer joined: e-mail them their card number, from the store they joined at."""
    card_welcome_email_send(card_id=card_id)


# --- online purchases, referrals, tiers and expiry -------------------------------------------------
# Queued by receivers.py after an order's change committed; they take ids and are safe to run again
# (an order earns once, a take-back works from the order's totals, a referral is rewarded once).


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
