"""The order sync: Letzshop shipments become orders of channel "letzshop".

One order per shipment (external_id: the shipment's id); the shipment's inventory units (one per
item) are grouped by Letzshop variant and price into order lines, matched to the store's catalog
by GTIN, then SKU; a line that matches nothing is flagged for the merchant (order_line_match).
Each unit is kept as a LetzshopUnit of its line, so confirming or declining it later names the
unit Letzshop knows. Importing a shipment twice updates its state and its units' and creates
nothing (order_record_external is idempotent, the shipment and units are unique).

- `orders_sync`: the incremental sync (beat, "Sync now"): shipments updated since the
  connection's cursor, in every state; records the sync's health on the connection.
- `order_history_start` / `order_history_progress`: the historical import, a jobs-runner job
  (apps/marketplace/jobs_order_sync.py) that goes through confirmed then unconfirmed shipments
  page by page and resumes after the last finished page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.catalog.selectors import VariantCodes
from apps.core.errors import Conflict, NotFound, ValidationFailed
from apps.jobs.models import Job
from apps.jobs.selectors import job_get
from apps.jobs.services import job_queue
from apps.orders import services as orders_services
from apps.orders.models import Order
from apps.orders.models.orders import Channel

from ..errors import MarketplaceErrorCode
from ..letzshop import operations
from ..letzshop.client import LetzshopError
from ..models import LetzshopConnection, LetzshopShipment, LetzshopUnit
from . import connection as connection_services

HISTORY_KIND = "marketplace.order_history"
# Luxembourg's standard rate, for a line that matches no variant of the catalog
DEFAULT_VAT_RATE = Decimal("17.00")
SHIPMENT_STATES = set(LetzshopShipment.State.values)
UNIT_STATES = set(LetzshopUnit.State.values)


class SyncRunning(Conflict):
    """A historical import of this store is running already; `job_id` names it."""

    def __init__(self, job: Job) -> None:
        super().__init__(
            _("The order history is being imported already."),
            code=MarketplaceErrorCode.SYNC_RUNNING,
            fields={"job_id": [str(job.pk)]},
        )
        self.job_id = job.pk

    def as_dict(self) -> dict:
        return {**super().as_dict(), "job_id": self.job_id}


# --- the connection (services/connection.py owns it) ----------------------------------------------


def sync_connection(*, store) -> LetzshopConnection:
    return connection_services.connection_get(store=store)


def sync_api_key(connection: LetzshopConnection) -> str:
    """The connection's key in clear, or ValidationFailed "letzshop_not_connected"."""
    return connection_services.connection_key(connection=connection)


def letzshop_failure(error: LetzshopError) -> ValidationFailed:
    return ValidationFailed(error.message, code=error.code)


def sync_health_record(*, store, error: str = "", cursor: str | None = None, history_done: bool = False) -> None:
    """How the last sync went, on the connection: its time, health and error; the newest
    shipment seen (the incremental sync's cursor) when it moved forward."""
    now = timezone.now()
    with transaction.atomic():
        connection = LetzshopConnection.objects.select_for_update().get(pk=sync_connection(store=store).pk)
        connection.last_sync_at = now
        connection.last_sync_health = LetzshopConnection.Health.FAILING if error else LetzshopConnection.Health.OK
        connection.last_sync_error = error[:500]
        fields = ["last_sync_at", "last_sync_health", "last_sync_error", "updated_at"]
        if cursor and cursor > connection.sync_cursor:
            connection.sync_cursor = cursor
            fields.append("sync_cursor")
        if history_done:
            connection.historical_import_done_at = now
            fields.append("historical_import_done_at")
        connection.save(update_fields=fields)


# --- one shipment -------------------------------------------------------------------------------


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def _postcode(value: Any, country: str) -> str:
    """The postcode without the country letter Luxembourgers write in front ("L-1111" -> "1111"):
    addresses print it with the country's prefix themselves."""
    code = _text(value, 20)
    prefix = {"LU": "L-", "BE": "B-", "DE": "D-", "FR": "F-"}.get(country, "")
    return code[len(prefix) :].strip() if prefix and code.upper().startswith(prefix) else code


def _address(raw: Any) -> dict[str, str]:
    raw = raw if isinstance(raw, dict) else {}
    country = raw.get("country") if isinstance(raw.get("country"), dict) else {}
    iso = _text(country.get("iso"), 2).upper()
    street = f"{_text(raw.get('streetNumber'), 20)} {_text(raw.get('streetName'), 150)}".strip()
    return {
        "first_name": _text(raw.get("firstName"), 100),
        "last_name": _text(raw.get("lastName"), 100),
        "company": _text(raw.get("company"), 100),
        "line1": street,
        "line2": "",
        "postal_code": _postcode(raw.get("zipCode"), iso),
        "city": _text(raw.get("city"), 100),
        "country": iso,
        "phone": _text(raw.get("phone"), 32),
    }


def _price(value: Any) -> Decimal:
    try:
        price = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return Decimal("0.00")
    return price if price.is_finite() and price >= 0 else Decimal("0.00")


def _variant(unit: dict) -> dict:
    return unit.get("variant") if isinstance(unit.get("variant"), dict) else {}


def _gtin(variant: dict) -> str:
    trade = variant.get("tradeId") if isinstance(variant.get("tradeId"), dict) else {}
    return _text(trade.get("number"), 32)


def _title(variant: dict, language: str) -> str:
    product = variant.get("product") if isinstance(variant.get("product"), dict) else {}
    names = product.get("name") if isinstance(product.get("name"), dict) else {}
    return _text(names.get(language) or names.get("en") or next(iter(names.values()), ""), 200)


@dataclass
class _Group:
    """The units of one Letzshop variant at one price: one order line."""

    variant: dict
    price: Decimal
    unit_ids: list[str] = field(default_factory=list)


def _units(node: dict) -> list[dict]:
    units = node.get("inventoryUnits")
    return [unit for unit in units if isinstance(unit, dict) and unit.get("id")] if isinstance(units, list) else []


def _groups(node: dict) -> list[_Group]:
    groups: dict[tuple[str, Decimal], _Group] = {}
    for unit in _units(node):
        variant, price = _variant(unit), _price(unit.get("price"))
        key = (_text(variant.get("id"), 100) or _text(unit["id"], 100), price)
        groups.setdefault(key, _Group(variant=variant, price=price)).unit_ids.append(_text(unit["id"], 100))
    return list(groups.values())


def _codes(*, store, groups: list[_Group]) -> VariantCodes:
    """The catalog's variants for these groups' GTINs and SKUs: one query for a whole page."""
    return catalog_selectors.variants_by_codes(
        store=store,
        gtins=[_gtin(group.variant) for group in groups],
        skus=[_text(group.variant.get("sku"), 64) for group in groups],
    )


def _lines(*, groups: list[_Group], language: str, codes: VariantCodes) -> list[orders_services.ExternalLine]:
    lines = []
    for group in groups:
        gtin, sku = _gtin(group.variant), _text(group.variant.get("sku"), 64)
        match = codes.find(gtin=gtin, sku=sku)
        lines.append(
            orders_services.ExternalLine(
                external_id=group.unit_ids[0],
                variant_id=match.variant_id if match else None,
                product_title=_title(group.variant, language) or (match.product_title if match else sku),
                variant_title=match.variant_title if match else "",
                sku=sku,
                gtin=gtin,
                quantity=len(group.unit_ids),
                unit_price=group.price,
                vat_rate=match.vat_rate if match else DEFAULT_VAT_RATE,
            )
        )
    return lines


def _placed_at(order: dict, node: dict) -> datetime:
    for value in (order.get("completedAt"), node.get("updatedAt")):
        parsed = parse_datetime(str(value or ""))
        if parsed is not None:
            return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)
    return timezone.now()


def _record_order(*, store, node: dict, groups: list[_Group], notify: bool, codes: VariantCodes) -> tuple[Order, bool]:
    order = node.get("order") if isinstance(node.get("order"), dict) else {}
    billing, shipping = _address(order.get("billAddress")), _address(order.get("shipAddress"))
    language = _text(order.get("locale"), 8).lower() or store.language
    lines = _lines(groups=groups, language=language, codes=codes)
    return orders_services.order_record_external(
        store=store,
        channel=Channel.LETZSHOP,
        external_id=_text(node.get("id"), 100),
        placed_at=_placed_at(order, node),
        email=_text(order.get("email"), 254),
        language=language,
        first_name=billing["first_name"] or shipping["first_name"],
        last_name=billing["last_name"] or shipping["last_name"],
        phone=shipping["phone"] or billing["phone"],
        shipping_address=shipping,
        billing_address=billing,
        lines=lines,
        paid=_text(node.get("state"), 16) != LetzshopShipment.State.DECLINED,
        notify=notify,
        variants=codes.variants(),
    )


def _state(node: dict) -> str:
    state = _text(node.get("state"), 16)
    return state if state in SHIPMENT_STATES else LetzshopShipment.State.UNCONFIRMED


def _tracking(node: dict) -> dict:
    return node.get("tracking") if isinstance(node.get("tracking"), dict) else {}


def _shipment_create(*, store, node: dict, order: Order, groups: list[_Group]) -> LetzshopShipment:
    """The shipment of `order` and its units. Made with the order, under the order's lock:
    nobody else is making this shipment then (its unique constraint stands behind that)."""
    remote = node.get("order") if isinstance(node.get("order"), dict) else {}
    tracking = _tracking(node)
    shipment = LetzshopShipment.objects.create(
        store_id=store.id,
        shipment_id=_text(node.get("id"), 100),
        number=_text(node.get("number"), 64),
        letzshop_order_id=_text(remote.get("id"), 100),
        letzshop_order_number=_text(remote.get("number"), 64),
        state=_state(node),
        order=order,
        carrier=_text(tracking.get("provider"), 32),
        tracking_code=_text(tracking.get("code"), 100),
        remote_updated_at=parse_datetime(str(node.get("updatedAt") or "")),
    )
    made = getattr(order, "lines_cache", None)
    lines = {line.position: line for line in (made if made is not None else order.lines.all())}
    states = {_text(unit["id"], 100): _text(unit.get("state"), 16) for unit in _units(node)}
    units = [
        LetzshopUnit(
            shipment=shipment,
            unit_id=unit_id,
            order_line=lines[position],
            state=states.get(unit_id) if states.get(unit_id) in UNIT_STATES else LetzshopUnit.State.UNCONFIRMED,
        )
        for position, group in enumerate(groups)
        if position in lines
        for unit_id in group.unit_ids
    ]
    LetzshopUnit.objects.bulk_create(units, ignore_conflicts=True)
    return shipment


def _shipment_update(shipment: LetzshopShipment, node: dict) -> None:
    """Letzshop's news of a shipment seen before: its state, its units' states, its tracking."""
    state, tracking = _state(node), _tracking(node)
    changed = []
    if state != shipment.state:
        orders_services.order_event_add(
            order=shipment.order,
            kind="marketplace",
            actor=None,
            message=_("Letzshop: the shipment is now %(state)s.") % {"state": LetzshopShipment.State(state).label},
            data={"shipment": shipment.shipment_id, "state": state, "was": shipment.state},
        )
        shipment.state = state
        changed.append("state")
    if tracking.get("code") and not shipment.tracking_code:
        shipment.tracking_code = _text(tracking.get("code"), 100)
        shipment.carrier = _text(tracking.get("provider"), 32)
        changed += ["tracking_code", "carrier"]
    remote = parse_datetime(str(node.get("updatedAt") or ""))
    if remote is not None and remote != shipment.remote_updated_at:
        shipment.remote_updated_at = remote
        changed.append("remote_updated_at")
    if changed:
        shipment.save(update_fields=[*changed, "updated_at"])
    for unit in _units(node):
        unit_state = _text(unit.get("state"), 16)
        if unit_state in UNIT_STATES:
            shipment.units.filter(unit_id=_text(unit["id"], 100)).exclude(state=unit_state).update(state=unit_state)


def _shipment_known(*, store, shipment_id: str, node: dict) -> Order | None:
    """A shipment recorded before, brought up to date under its row lock; None when there is none."""
    known = (
        LetzshopShipment.objects.select_for_update()
        .select_related("order")
        .filter(store_id=store.id, shipment_id=shipment_id)
        .first()
    )
    if known is None:
        return None
    _shipment_update(known, node)
    return known.order


def _shipment_new(*, store, node: dict, notify: bool, codes: VariantCodes | None) -> tuple[Order, bool]:
    groups = _groups(node)
    if not groups:
        raise ValidationFailed(
            _("Letzshop shipment %(number)s has no items.") % {"number": _text(node.get("number"), 64)}
        )
    codes = codes if codes is not None else _codes(store=store, groups=groups)
    order, created = _record_order(store=store, node=node, groups=groups, notify=notify, codes=codes)
    if created:
        _shipment_create(store=store, node=node, order=order, groups=groups)
    return order, created


def shipment_import(
    *, store, node: dict, notify: bool = True, codes: VariantCodes | None = None, fresh: bool = False
) -> tuple[Order, bool]:
    """Record one Letzshop shipment (its node as operations.SHIPMENTS_QUERY reads it): (its order,
    True when the order was made now). `notify` False: no new-order notice (historical import).
    `codes`: the catalog's variants for the shipment's codes, read already for a whole page.
    `fresh`: the caller found no such shipment a moment ago, so it is looked for only if its order
    turns out to exist (made meanwhile by a concurrent sync, which made its shipment too)."""
    shipment_id = _text(node.get("id"), 100)
    if not shipment_id:
        raise ValidationFailed(_("A Letzshop shipment came without an id."))
    with transaction.atomic():
        if not fresh:
            order = _shipment_known(store=store, shipment_id=shipment_id, node=node)
            if order is not None:
                return order, False
        order, created = _shipment_new(store=store, node=node, notify=notify, codes=codes)
        if not created and _shipment_known(store=store, shipment_id=shipment_id, node=node) is None:
            # the order was recorded without its shipment (not by this sync): keep it now
            _shipment_create(store=store, node=node, order=order, groups=_groups(node))
    return order, created


def _unchanged(shipment: LetzshopShipment, node: dict) -> bool:
    """Letzshop says nothing new of a shipment recorded before (nothing _shipment_update would do)."""
    tracking = _tracking(node)
    if _state(node) != shipment.state or (tracking.get("code") and not shipment.tracking_code):
        return False
    remote = parse_datetime(str(node.get("updatedAt") or ""))
    if remote is not None and remote != shipment.remote_updated_at:
        return False
    states = {unit.unit_id: unit.state for unit in shipment.units.all()}
    for unit in _units(node):
        unit_id, state = _text(unit["id"], 100), _text(unit.get("state"), 16)
        if state in UNIT_STATES and unit_id in states and states[unit_id] != state:
            return False
    return True


def newest_of(nodes: list[dict], cursor: str = "") -> str:
    """The latest `updatedAt` of `nodes` (ISO 8601 strings compare in time order) or `cursor`."""
    return max([cursor, *(_text(node.get("updatedAt"), 64) for node in nodes)])


# --- the incremental sync -----------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    shipments_fetched: int = 0
    orders_created: int = 0
    problems: list[str] = field(default_factory=list)


def _page_known(*, store, nodes: list[dict]) -> dict[str, LetzshopShipment]:
    """The page's shipments recorded before, with their units: two queries for the page."""
    ids = {_text(node.get("id"), 100) for node in nodes} - {""}
    found = LetzshopShipment.objects.filter(store_id=store.id, shipment_id__in=ids).prefetch_related("units")
    return {shipment.shipment_id: shipment for shipment in found} if ids else {}


def shipments_import(*, store, nodes: list[dict], notify: bool) -> tuple[int, list[str]]:
    """Record a page of shipments: (orders made, one readable line per shipment left out).

    The page's known shipments are read at once (those Letzshop says nothing new of are skipped),
    and the new ones' lines matched to the catalog in one query for the whole page."""
    known = _page_known(store=store, nodes=nodes)
    fresh = [node for node in nodes if _text(node.get("id"), 100) not in known]
    codes = _codes(store=store, groups=[group for node in fresh for group in _groups(node)])
    created, problems = 0, []
    for node in nodes:
        shipment = known.get(_text(node.get("id"), 100))
        if shipment is not None and _unchanged(shipment, node):
            continue
        try:
            created += shipment_import(store=store, node=node, notify=notify, codes=codes, fresh=shipment is None)[1]
        except ValidationFailed as error:
            problems.append(f"{_text(node.get('number'), 64) or _text(node.get('id'), 100)}: {error.message}")
    return created, problems


def orders_sync(*, store) -> SyncResult:
    """Fetch the shipments Letzshop changed since the last sync (all of them the first time) and
    record them. Its health goes on the connection; a Letzshop failure is raised as
    ValidationFailed with the client's code and plain message, after it was recorded."""
    connection = sync_connection(store=store)
    api_key = sync_api_key(connection)
    since, after = connection.sync_cursor or None, None
    fetched, created, newest, problems = 0, 0, connection.sync_cursor, []
    try:
        while True:
            page = operations.shipments_page(
                api_key=api_key, state=None, after=after, first=settings.LETZSHOP_PAGE_SIZE, updated_since=since
            )
            made, failed = shipments_import(store=store, nodes=page.nodes, notify=True)
            fetched, created, problems = fetched + len(page.nodes), created + made, problems + failed
            newest = newest_of(page.nodes, newest)
            if not page.has_next or not page.end_cursor:
                break
            after = page.end_cursor
    except LetzshopError as error:
        sync_health_record(store=store, error=error.message, cursor=newest)
        raise letzshop_failure(error) from error
    sync_health_record(store=store, cursor=newest)
    return SyncResult(shipments_fetched=fetched, orders_created=created, problems=problems)


# --- the historical import ----------------------------------------------------------------------


def history_running(*, store) -> Job | None:
    return (
        Job.objects.filter(store_id=store.id, kind=HISTORY_KIND, status__in=(Job.Status.QUEUED, Job.Status.RUNNING))
        .order_by("-created_at")
        .first()
    )


def order_history_start(*, store, actor) -> Job:
    """Queue the historical import of the store's Letzshop shipments; only one runs per store
    (SyncRunning, a Conflict "sync_running" naming the running job, for a second)."""
    sync_api_key(sync_connection(store=store))
    with transaction.atomic():
        # one start at a time per store: the check and the new job row commit together
        LetzshopConnection.objects.select_for_update().filter(pk=sync_connection(store=store).pk).first()
        running = history_running(store=store)
        if running is not None:
            raise SyncRunning(running)
        return job_queue(
            store=store, kind=HISTORY_KIND, params={}, actor=actor, label=_("Import of the Letzshop order history")
        )


def history_counts(job: Job) -> tuple[int, int]:
    """(shipments fetched, orders created) so far, from the pages the job recorded."""
    if job.status == Job.Status.DONE and isinstance(job.result, dict) and "shipments_fetched" in job.result:
        return int(job.result["shipments_fetched"]), int(job.result["orders_created"])
    pages = [page for page in (job.items or {}).values() if isinstance(page, dict)]
    return sum(int(page.get("fetched", 0)) for page in pages), sum(int(page.get("created", 0)) for page in pages)


def order_history_progress(*, store, job_id: int) -> dict:
    """{"status", "percent", "shipments_fetched", "orders_created", "finished", "error"} of a
    historical import of this store (another store's job, or another kind: NotFound)."""
    job = job_get(store=store, job_id=job_id)
    if job.kind != HISTORY_KIND:
        raise NotFound(_("No such job."))
    fetched, created = history_counts(job)
    return {
        "job_id": job.pk,
        "status": job.status,
        "percent": job.percent,
        "shipments_fetched": fetched,
        "orders_created": created,
        "finished": job.finished,
        "error": job.error,
    }
