"""Confirming and declining a Letzshop order's units, and its tracking, against the sandbox: from
the services, the order's page (the panel) and the API; another store's order is a 404."""

import pytest

from apps.core.errors import ValidationFailed
from apps.core.roles import Role
from apps.marketplace.models import LetzshopShipment, LetzshopUnit
from apps.marketplace.services import units as units_services
from apps.orders import services as orders_services
from apps.orders.models import Order

from ..catalog.store_api import JSON, client_for
from .letzshop_orders import connect, letzshop_order, sandbox_shipment


@pytest.fixture
def lz_order(tenant_a, letzshop):
    connect(tenant_a)
    node = next(n for n in [sandbox_shipment(index=i) for i in range(4)] if len(n["inventoryUnits"]) >= 2)
    with tenant_a:
        order, shipment = letzshop_order(tenant_a.store, node)
    return order, shipment


def test_confirm_and_decline_part_of_a_shipment(tenant_a, letzshop, lz_order):
    order, shipment = lz_order
    with tenant_a:
        units = list(shipment.units.all())
        decisions = {units[0].pk: True, units[1].pk: False}
        units_services.units_decide(store=tenant_a.store, order=order, decisions=decisions, actor=tenant_a.owner())
        states = dict(LetzshopUnit.objects.filter(shipment=shipment).values_list("pk", "state"))
        assert states[units[0].pk] == "confirmed" and states[units[1].pk] == "declined"
        assert LetzshopUnit.objects.get(pk=units[0].pk).sent_at is not None
        assert Order.objects.get(pk=order.pk).status != "cancelled"
        assert order.events.filter(kind="marketplace").exists()
        with pytest.raises(ValidationFailed):  # already decided
            units_services.units_decide(store=tenant_a.store, order=order, decisions={units[0].pk: False}, actor=None)
    sent = letzshop.calls("confirmInventoryUnits")[0].variables["input"]["inventoryUnits"]
    assert {d["inventoryUnitId"]: d["isAvailable"] for d in sent} == {units[0].unit_id: True, units[1].unit_id: False}


def test_declining_every_unit_cancels_the_order(tenant_a, letzshop, lz_order):
    order, shipment = lz_order
    with tenant_a:
        decisions = {unit.pk: False for unit in shipment.units.all()}
        units_services.units_decide(store=tenant_a.store, order=order, decisions=decisions, actor=tenant_a.owner())
        assert Order.objects.get(pk=order.pk).status == "cancelled"
        assert LetzshopShipment.objects.get(pk=shipment.pk).state == "declined"


def test_a_letzshop_failure_changes_nothing(tenant_a, letzshop, lz_order, settings):
    settings.LETZSHOP_RETRIES = 1
    order, shipment = lz_order
    letzshop.fail_next(429, times=2)
    with tenant_a:
        unit = shipment.units.first()
        with pytest.raises(ValidationFailed) as failed:
            units_services.units_decide(store=tenant_a.store, order=order, decisions={unit.pk: True}, actor=None)
        assert failed.value.code == "letzshop_rate_limited"
        unit.refresh_from_db()
        assert (unit.state, unit.sent_at) == ("unconfirmed", None)


def test_tracking_is_sent_and_recorded(tenant_a, letzshop, lz_order):
    order, shipment = lz_order
    with tenant_a:
        units_services.shipment_tracking_set(
            store=tenant_a.store, order=order, carrier="post_lu", code="LU123456", actor=tenant_a.owner()
        )
        shipment.refresh_from_db()
        assert (shipment.carrier, shipment.tracking_code, shipment.state) == ("post_lu", "LU123456", "shipped")
        with pytest.raises(ValidationFailed):
            units_services.shipment_tracking_set(store=tenant_a.store, order=order, carrier="x", code="1", actor=None)
    call = letzshop.calls("setShipmentTracking")[0].variables["input"]
    assert call == {"shipmentId": shipment.shipment_id, "code": "LU123456", "provider": "post_lu"}


def test_a_fulfilment_with_tracking_sends_it_to_letzshop(
    tenant_a, letzshop, lz_order, django_capture_on_commit_callbacks
):
    order, shipment = lz_order
    with tenant_a:
        first_line = order.lines.order_by("pk").first()
        with django_capture_on_commit_callbacks(execute=True):
            orders_services.fulfilment_create(
                store=tenant_a.store,
                order_id=order.pk,
                actor=tenant_a.owner(),
                lines=[orders_services.FulfilLineRequest(order_line_id=first_line.pk, quantity=1)],
                carrier="DHL",
                tracking_number="JD0001",
                tracking_url="",
                notify_customer=False,
            )
        shipment.refresh_from_db()
        assert (shipment.carrier, shipment.tracking_code) == ("dhl", "JD0001")
    letzshop.revoke("lzs_sandbox_demo_key_0001")
    with tenant_a:
        with django_capture_on_commit_callbacks(execute=True):
            orders_services.fulfilment_create(
                store=tenant_a.store,
                order_id=order.pk,
                actor=None,
                lines=None,
                carrier="",
                tracking_number="JD0002",
                tracking_url="",
                notify_customer=False,
            )
        assert order.events.filter(kind="marketplace", message__contains="could not be sent").exists()


def test_the_order_page_shows_the_panel_and_its_forms_work(tenant_a, letzshop, lz_order):
    order, shipment = lz_order
    client = tenant_a.client(tenant_a.owner())
    page = client.get(f"/store/ALPHA/orders/{order.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert shipment.number in html and "Send decisions to Letzshop" in html
    with tenant_a:
        unit = shipment.units.first()
    response = client.post(f"/store/ALPHA/marketplace/orders/{order.pk}/units/", {f"unit-{unit.pk}": "confirm"})
    assert response.status_code == 302 and response.url.startswith(f"/store/ALPHA/orders/{order.pk}/")
    response = client.post(f"/store/ALPHA/marketplace/orders/{order.pk}/tracking/", {"carrier": "dpd", "code": "X1"})
    assert response.status_code == 302
    with tenant_a:
        unit.refresh_from_db()
        shipment.refresh_from_db()
        assert unit.state == "confirmed" and shipment.tracking_code == "X1"
    # the tracking line names the carrier, not its key
    html = client.get(f"/store/ALPHA/orders/{order.pk}/").content.decode()
    assert "DPD X1, sent to Letzshop" in html


def test_a_viewer_sees_the_panel_without_its_forms(tenant_a, letzshop, lz_order):
    order, _shipment = lz_order
    client = tenant_a.client(tenant_a.member(Role.VIEWER))
    html = client.get(f"/store/ALPHA/orders/{order.pk}/").content.decode()
    assert "letzshop-title" in html and "Send decisions to Letzshop" not in html
    assert (
        client.post(
            f"/store/ALPHA/marketplace/orders/{order.pk}/tracking/", {"carrier": "dpd", "code": "X"}
        ).status_code
        == 403
    )


def test_the_units_api(tenant_a, letzshop, lz_order):
    order, shipment = lz_order
    client = client_for(tenant_a)
    base = f"/api/v1/store/stores/ALPHA/marketplace/orders/{order.pk}/"
    got = client.get(base + "shipment/")
    assert got.status_code == 200 and len(got.json()["units"]) == shipment.units.count()
    unit_pk = got.json()["units"][0]["id"]
    done = client.post(base + "units/", {"decisions": {str(unit_pk): True}}, content_type=JSON)
    assert done.status_code == 200, done.content
    assert next(u for u in done.json()["units"] if u["id"] == unit_pk)["state"] == "confirmed"
    bad = client.post(base + "tracking/", {"carrier": "pigeon", "code": "1"}, content_type=JSON)
    assert bad.status_code == 400 and bad.json()["code"]


def test_another_merchants_order_is_a_404(tenant_a, tenant_b, letzshop, lz_order):
    order, _shipment = lz_order
    client = client_for(tenant_b)
    base = f"/api/v1/store/stores/BETA/marketplace/orders/{order.pk}/"
    assert client.get(base + "shipment/").status_code == 404
    assert client.post(base + "units/", {"decisions": {"1": True}}, content_type=JSON).status_code == 404
    page = tenant_b.client(tenant_b.owner()).post(f"/store/BETA/marketplace/orders/{order.pk}/tracking/", {})
    assert page.status_code == 404
    with tenant_a:  # another store of the same merchant
        other = tenant_a.stores["ALPHA2"]
        with pytest.raises(Exception):  # noqa: B017
            units_services.shipment_of(store=other, order=order)
