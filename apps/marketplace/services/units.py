"""What the merchant tells Letzshop about a synced shipment, from the order's page or the API:
which inventory units they can deliver (confirmInventoryUnits) and, once shipped, the carrier and
tracking number (setShipmentTracking). Letzshop is told first; only what it accepted is recorded
here, so a failed call changes nothing locally."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.audit import audit_record
from apps.core.errors import ApplicationError, NotFound, ValidationFailed
from apps.orders import services as orders_services

from ..errors import MarketplaceErrorCode
from ..letzshop import operations
from ..letzshop.client import LetzshopError
from ..models import LetzshopShipment, LetzshopUnit
from .connection import connection_api_key, connection_get

Unit = LetzshopUnit.State
TRACKING_MAX_LENGTH = 100


def shipment_of(*, store, order) -> LetzshopShipment:
    """The Letzshop shipment an order of this store was synced from (NotFound otherwise)."""
    shipment = (
        LetzshopShipment.objects.filter(store_id=store.id, order_id=getattr(order, "pk", None))
        .prefetch_related("units")
        .first()
    )
    if shipment is None or order.store_id != store.id:
        raise NotFound(_("This order did not come from Letzshop."))
    return shipment


def _invalid(message: str, field: str = "units") -> ValidationFailed:
    return ValidationFailed(message, code=MarketplaceErrorCode.UNIT_STATE_INVALID, fields={field: [message]})


def _units_chosen(shipment: LetzshopShipment, decisions: dict[int, bool]) -> list[LetzshopUnit]:
    if not decisions:
        raise _invalid(_("Choose at least one item to confirm or decline."))
    units = {unit.pk: unit for unit in shipment.units.all()}
    unknown = [pk for pk in decisions if pk not in units]
    if unknown:
        raise _invalid(_("Some items are not part of this shipment."))
    decided = [units[pk] for pk in decisions if units[pk].state != Unit.UNCONFIRMED]
    if decided:
        raise _invalid(_("Some items were already confirmed or declined on Letzshop."))
    return [units[pk] for pk in decisions]


def _letzshop_call(call, **kwargs):
    try:
        return call(**kwargs)
    except LetzshopError as error:
        raise ValidationFailed(error.message, code=error.code) from error


def _record_decisions(shipment: LetzshopShipment, chosen: list[LetzshopUnit], states: dict[str, str], decisions):
    now = timezone.now()
    for unit in chosen:
        wanted = Unit.CONFIRMED if decisions[unit.pk] else Unit.DECLINED
        told = states.get(unit.unit_id)
        unit.state = told if told in (Unit.CONFIRMED, Unit.DECLINED) else wanted
        unit.sent_at, unit.send_error = now, ""
    LetzshopUnit.objects.bulk_update(chosen, ["state", "sent_at", "send_error"])
    all_states = set(LetzshopUnit.objects.filter(shipment=shipment).values_list("state", flat=True))
    if Unit.UNCONFIRMED not in all_states:
        shipment.state = LetzshopShipment.State.DECLINED if all_states == {Unit.DECLINED} else shipment.State.CONFIRMED
        shipment.save(update_fields=["state", "updated_at"])
    return all_states


def _order_follow(*, store, order, actor, all_states: set[str], declined: int, confirmed: int) -> None:
    """Cancel the order when Letzshop has every unit declined; otherwise note what was decided."""
    if all_states == {Unit.DECLINED}:
        try:
            orders_services.order_cancel(
                store=store, order_id=order.pk, actor=actor, reason=_("Every item was declined on Letzshop.")
            )
        except ApplicationError as error:
            message = _("Every item was declined on Letzshop, but the order could not be cancelled: %(reason)s")
            orders_services.order_event_add(
                order=order, kind="marketplace", actor=actor, message=message % {"reason": error.message}
            )
        return
    parts = []
    if confirmed:
        parts.append(ngettext("%(n)d item confirmed", "%(n)d items confirmed", confirmed) % {"n": confirmed})
    if declined:
        parts.append(ngettext("%(n)d item declined", "%(n)d items declined", declined) % {"n": declined})
    message = _("On Letzshop: %(what)s.") % {"what": ", ".join(parts)}
    orders_services.order_event_add(
        order=order,
        kind="marketplace",
        actor=actor,
        message=message,
        data={"confirmed": confirmed, "declined": declined},
    )


def units_decide(*, store, order, decisions: dict[int, bool], actor) -> LetzshopShipment:
    """Confirm (True) or decline (False) units of the order's shipment on Letzshop (LetzshopUnit
    pk -> available). When every unit ends up declined the order is cancelled."""
    shipment = shipment_of(store=store, order=order)
    chosen = _units_chosen(shipment, decisions)
    api_key = connection_api_key(store=store)
    states = _letzshop_call(
        operations.units_confirm, api_key=api_key, decisions={unit.unit_id: decisions[unit.pk] for unit in chosen}
    )
    confirmed = sum(1 for unit in chosen if decisions[unit.pk])
    declined = len(chosen) - confirmed
    with transaction.atomic():
        shipment = LetzshopShipment.objects.select_for_update().get(pk=shipment.pk)
        all_states = _record_decisions(shipment, chosen, states, decisions)
        _order_follow(
            store=store, order=order, actor=actor, all_states=all_states, declined=declined, confirmed=confirmed
        )
        audit_record(
            actor=actor,
            action="marketplace.units_decide",
            target=order.number,
            store=store,
            data={"shipment": shipment.number, "confirmed": confirmed, "declined": declined},
        )
    return shipment


def _tracking_clean(carrier: str, code: str) -> tuple[str, str]:
    carrier, code = (carrier or "").strip(), (code or "").strip()
    if carrier not in operations.CARRIERS:
        message = _("Choose one of Letzshop's carriers.")
        raise ValidationFailed(message, code=MarketplaceErrorCode.TRACKING_INVALID, fields={"carrier": [message]})
    if not code or len(code) > TRACKING_MAX_LENGTH or any(ch.isspace() for ch in code):
        message = _("Enter the tracking number as the carrier gave it (no spaces, at most 100 characters).")
        raise ValidationFailed(message, code=MarketplaceErrorCode.TRACKING_INVALID, fields={"code": [message]})
    return carrier, code


def shipment_tracking_set(*, store, order, carrier: str, code: str, actor) -> LetzshopShipment:
    """Give Letzshop the shipment's carrier and tracking number, and keep them here."""
    carrier, code = _tracking_clean(carrier, code)
    shipment = shipment_of(store=store, order=order)
    api_key = connection_api_key(store=store)
    _letzshop_call(
        operations.tracking_set, api_key=api_key, shipment_id=shipment.shipment_id, code=code, carrier=carrier
    )
    with transaction.atomic():
        shipment = LetzshopShipment.objects.select_for_update().get(pk=shipment.pk)
        shipment.carrier, shipment.tracking_code, shipment.tracking_sent_at = carrier, code, timezone.now()
        shipment.state = LetzshopShipment.State.SHIPPED
        shipment.save(update_fields=["carrier", "tracking_code", "tracking_sent_at", "state", "updated_at"])
        message = _("Tracking sent to Letzshop: %(carrier)s %(code)s.") % {
            "carrier": operations.CARRIERS[carrier],
            "code": code,
        }
        orders_services.order_event_add(order=order, kind="marketplace", actor=actor, message=message)
        audit_record(
            actor=actor,
            action="marketplace.tracking_set",
            target=order.number,
            store=store,
            data={"shipment": shipment.number, "carrier": carrier, "code": code},
        )
    return shipment


def tracking_carrier_for(*, store, carrier: str) -> str:
    """Letzshop's carrier for a carrier typed on a fulfilment: its code or name, else the store's
    default carrier, else "other"."""
    wanted = (carrier or "").strip().lower()
    for key, name in operations.CARRIERS.items():
        if wanted and wanted in (key, name.lower()):
            return key
    return connection_get(store=store).default_carrier or "other"
