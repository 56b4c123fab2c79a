"""The Letzshop client against the local sandbox: the key as a Bearer token, the shapes read back,
retries with backoff on 429 and 5xx, and plain errors for a refused key and GraphQL errors."""

import pytest

from apps.marketplace.letzshop import operations
from apps.marketplace.letzshop.client import LetzshopError, LetzshopErrorCode
from tools.letzshop_sandbox import DEMO_API_KEY


def test_viewer_sends_the_key_as_a_bearer_token(letzshop):
    vendor = operations.viewer(api_key=DEMO_API_KEY)
    assert vendor.name == "Sandbox Vendor"
    assert letzshop.calls("me")[0].key == DEMO_API_KEY


def test_a_wrong_or_revoked_key_is_refused_in_plain_words(letzshop):
    with pytest.raises(LetzshopError) as wrong:
        operations.viewer(api_key="not-a-key")
    assert wrong.value.code == LetzshopErrorCode.AUTH
    letzshop.revoke(DEMO_API_KEY)
    with pytest.raises(LetzshopError) as revoked:
        operations.viewer(api_key=DEMO_API_KEY)
    assert revoked.value.code == LetzshopErrorCode.AUTH
    assert "revoked" in revoked.value.message


def test_rate_limits_and_outages_are_retried_then_given_up(letzshop, settings):
    settings.LETZSHOP_RETRIES = 3
    letzshop.fail_next(429, times=2)
    letzshop.fail_next(502, times=1)
    assert operations.viewer(api_key=DEMO_API_KEY).name == "Sandbox Vendor"
    assert len(letzshop.calls("me")) == 4
    letzshop.fail_next(429, times=4)
    with pytest.raises(LetzshopError) as failed:
        operations.viewer(api_key=DEMO_API_KEY)
    assert failed.value.code == LetzshopErrorCode.RATE_LIMITED


def test_graphql_errors_are_not_retried(letzshop):
    letzshop.graphql_error_next("Field 'shipments' is broken")
    with pytest.raises(LetzshopError) as failed:
        operations.shipments_page(api_key=DEMO_API_KEY, state="confirmed")
    assert failed.value.code == LetzshopErrorCode.GRAPHQL
    assert "broken" in failed.value.message
    assert len(letzshop.calls("shipments")) == 1


def test_shipments_are_paged_by_state(letzshop):
    seen, after = [], None
    while True:
        page = operations.shipments_page(api_key=DEMO_API_KEY, state="confirmed", after=after, first=15)
        seen += page.nodes
        if not page.has_next:
            break
        after = page.end_cursor
    assert len(seen) == 40  # two thirds of the sandbox's 60 shipments are confirmed
    assert {node["state"] for node in seen} == {"confirmed"}
    assert len({node["id"] for node in seen}) == 40


def test_confirming_units_and_setting_tracking(letzshop):
    page = operations.shipments_page(api_key=DEMO_API_KEY, state="unconfirmed", first=1)
    shipment = page.nodes[0]
    decisions = {unit["id"]: index == 0 for index, unit in enumerate(shipment["inventoryUnits"])}
    states = operations.units_confirm(api_key=DEMO_API_KEY, decisions=decisions)
    assert states[next(iter(decisions))] == "confirmed"
    with pytest.raises(LetzshopError):
        operations.units_confirm(api_key=DEMO_API_KEY, decisions={"nope": True})
    operations.tracking_set(api_key=DEMO_API_KEY, shipment_id=shipment["id"], code="LU123", carrier="post_lu")
    assert letzshop.calls("setShipmentTracking")[0].variables["input"]["code"] == "LU123"
