"""The store API's orders: list with filters, one order, and the actions per role, with bad input,
stale state and another merchant's orders."""

from __future__ import annotations

import json

import pytest

from apps.core.roles import Role
from apps.orders import services
from apps.orders.models import Fulfilment, Order, Refund, Return

from ..catalog.store_api import client_for
from .factories import place, variant
from .manage import ids_apart, paid_order

A = "/api/v1/store/stores/ALPHA/orders/"
B = "/api/v1/store/stores/BETA/orders/"


def _post(client, path, body=None):
    return client.post(path, data=json.dumps(body or {}), content_type="application/json")


def _error(response) -> dict:
    body = response.json()
    assert set(body) >= {"code", "message", "fields"}, body
    return body


def test_list_filters_search_and_shape(tenant_a):
    with tenant_a:
        paid = paid_order(tenant_a.store, email="zoe@example.lu")
        unpaid = place(tenant_a.store, [(variant(tenant_a.store, price="99.00"), 1)], email="max@example.lu")
    client = client_for(tenant_a)
    body = client.get(A).json()
    assert body["count"] == 2 and body["count_capped"] is False
    first = body["results"][0]
    assert first["number"] == unpaid.number  # newest first
    assert first["total"] == f"{unpaid.total:.2f}" and first["payment_status"] == "pending"
    assert [o["id"] for o in client.get(A, {"payment_status": "paid"}).json()["results"]] == [paid.pk]
    assert [o["id"] for o in client.get(A, {"q": "MAX@"}).json()["results"]] == [unpaid.pk]
    assert [o["id"] for o in client.get(A, {"total_min": "50"}).json()["results"]] == [unpaid.pk]
    today = unpaid.placed_at.date().isoformat()
    assert client.get(A, {"placed_from": "2000-01-01", "placed_to": "2000-01-02"}).json()["count"] == 0
    assert client.get(A, {"placed_from": "2000-01-01"}).json()["count"] == 2
    assert today


@pytest.mark.parametrize(
    "params",
    [{"status": "bogus"}, {"placed_from": "yesterday"}, {"total_min": "1e3"}, {"customer": "abc"}, {"page": "x"}],
)
def test_list_refuses_bad_parameters(tenant_a, params):
    response = client_for(tenant_a).get(A, params)
    assert response.status_code in (400, 404)
    _error(response)


def test_detail_has_everything(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store, quantity=2)
        services.fulfilment_create(store=tenant_a.store, order_id=order.pk, actor=None, carrier="Post")
        services.order_note_add(store=tenant_a.store, order_id=order.pk, actor=tenant_a.owner(), text="Hello")
    body = client_for(tenant_a).get(f"{A}{order.pk}/").json()
    assert body["lines"][0]["quantity"] == 2 and body["lines"][0]["quantity_fulfilled"] == 2
    assert body["payments"][0]["amount"] == f"{order.total:.2f}"
    assert body["fulfilments"][0]["carrier"] == "Post" and body["fulfilments"][0]["lines"]
    assert any(e["kind"] == "note" and e["actor_email"] for e in body["events"])
    assert body["vat_breakdown"]


def test_actions_in_turn(tenant_a):
    with tenant_a:
        order = place(tenant_a.store, [(variant(tenant_a.store, price="20.00"), 3)])
        line = order.lines.get()
    client = client_for(tenant_a, Role.MANAGER)
    url = f"{A}{order.pk}/"
    assert _post(client, f"{url}confirm/").status_code == 200
    stale = _post(client, f"{url}confirm/")
    assert stale.status_code == 400 and _error(stale)["code"] == "order_state"
    paid = _post(client, f"{url}payments/", {"amount": str(order.total), "method": "bank_transfer"})
    assert paid.status_code == 201 and paid.json()["payment_status"] == "paid"
    too_many = _post(client, f"{url}fulfil/", {"lines": [{"order_line_id": line.pk, "quantity": 4}]})
    assert too_many.status_code == 400 and _error(too_many)["code"] == "fulfil_too_many"
    shipped = _post(
        client,
        f"{url}fulfil/",
        {"lines": [{"order_line_id": line.pk, "quantity": 2}], "carrier": "DHL", "tracking_number": "X1"},
    )
    assert shipped.status_code == 201 and shipped.json()["fulfilment_status"] == "partially_fulfilled"
    fulfilment = shipped.json()["fulfilments"][0]["id"]
    assert _post(client, f"{url}deliver/", {"fulfilment_id": fulfilment}).status_code == 200
    over = _post(client, f"{url}returns/", {"lines": [{"order_line_id": line.pk, "quantity": 3}]})
    assert over.status_code == 400 and _error(over)["code"] == "return_too_many"
    returned = _post(client, f"{url}returns/", {"lines": [{"order_line_id": line.pk, "quantity": 1, "reason": "Size"}]})
    assert returned.status_code == 201
    ret = returned.json()["returns"][0]["id"]
    received = _post(client, f"{url}returns/receive/", {"return_id": ret, "restock": True, "refund": True})
    assert received.status_code == 200 and received.json()["refunded_amount"] == "20.00"
    too_much = _post(client, f"{url}refunds/", {"amount": "100.00"})
    assert too_much.status_code == 400 and _error(too_much)["code"] == "refund_too_much"
    assert "amount" in too_much.json()["fields"]
    assert _post(client, f"{url}refunds/", {"amount": "5.00", "reason": "Goodwill"}).status_code == 201
    assert _post(client, f"{url}notes/", {"text": "Done"}).status_code == 201
    not_cancellable = _post(client, f"{url}cancel/", {"refund": True})
    assert not_cancellable.status_code == 400 and _error(not_cancellable)["code"] == "order_state"
    with tenant_a:
        assert Refund.objects.filter(order=order).count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {"amount": "abc", "method": "cash"},
        {"amount": "1e3", "method": "cash"},
        {"amount": "-1", "method": "cash"},
        {"amount": "1.001", "method": "cash"},
        {"amount": "1", "method": "bitcoin"},
        {},
    ],
)
def test_payment_bad_input(tenant_a, body):
    with tenant_a:
        order = place(tenant_a.store, [(variant(tenant_a.store), 1)])
    response = _post(client_for(tenant_a), f"{A}{order.pk}/payments/", body)
    assert response.status_code == 400
    _error(response)


def test_fulfil_a_cancelled_order_and_bad_lines(tenant_a):
    with tenant_a:
        order = place(tenant_a.store, [(variant(tenant_a.store), 1)])
        line = order.lines.get()
    client = client_for(tenant_a)
    for lines in ([{"order_line_id": "x", "quantity": 1}], [{"order_line_id": line.pk, "quantity": 0}], "all"):
        response = _post(client, f"{A}{order.pk}/fulfil/", {"lines": lines})
        assert response.status_code == 400, lines
    unknown_line = _post(client, f"{A}{order.pk}/fulfil/", {"lines": [{"order_line_id": 999999, "quantity": 1}]})
    assert unknown_line.status_code == 404
    _post(client, f"{A}{order.pk}/cancel/")
    cancelled = _post(client, f"{A}{order.pk}/fulfil/")
    assert cancelled.status_code == 400 and _error(cancelled)["code"] == "order_state"
    with tenant_a:
        assert not Fulfilment.objects.filter(order=order).exists()


def test_roles(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store)
    url = f"{A}{order.pk}/"
    cashier = client_for(tenant_a, Role.CASHIER)
    assert cashier.get(A).status_code == 200 and cashier.get(url).status_code == 200
    assert _post(cashier, f"{url}refunds/", {"amount": "1.00"}).status_code == 403
    assert _post(cashier, f"{url}fulfil/").status_code == 403
    assert _post(cashier, f"{url}cancel/").status_code == 403
    editor = client_for(tenant_a, Role.EDITOR)
    assert _post(editor, f"{url}refunds/", {"amount": "1.00"}).status_code == 403
    assert _post(editor, f"{url}notes/", {"text": "ok"}).status_code == 201
    shipped = _post(editor, f"{url}fulfil/")
    assert shipped.status_code == 201
    returned = _post(editor, f"{url}returns/", {"lines": [{"order_line_id": order.lines.get().pk, "quantity": 1}]})
    ret = returned.json()["returns"][0]["id"]
    refused = _post(editor, f"{url}returns/receive/", {"return_id": ret, "refund": True})
    assert refused.status_code == 403
    with tenant_a:
        assert Return.objects.get(pk=ret).status == "requested" and not Refund.objects.exists()
    assert _post(editor, f"{url}returns/reject/", {"return_id": ret}).status_code == 200
    owner = client_for(tenant_a)
    assert _post(owner, f"{url}refunds/", {"amount": "1.00"}).status_code == 201


def test_another_merchants_orders_are_invisible(tenant_a, tenant_b):
    ids_apart(tenant_a)
    with tenant_a:
        mine = paid_order(tenant_a.store)
        sibling = paid_order(tenant_a.stores["ALPHA2"])  # another store of the same merchant
    with tenant_a:
        mine_in_b = paid_order(tenant_a.store)
    with tenant_b:
        theirs = paid_order(tenant_b.store)
    a_client = client_for(tenant_a)
    listed = {o["id"] for o in a_client.get(A).json()["results"]}
    with tenant_a:
        assert listed == set(Order.objects.filter(store_id=tenant_a.store.id).values_list("pk", flat=True))
    assert {mine.pk, mine_in_b.pk} <= listed and sibling.pk not in listed
    for pk in (theirs.pk, sibling.pk):
        assert a_client.get(f"{A}{pk}/").status_code == 404
        assert _post(a_client, f"{A}{pk}/refunds/", {"amount": "1.00"}).status_code == 404
        assert _post(a_client, f"{A}{pk}/fulfil/").status_code == 404
    # A's token cannot name B's store
    assert a_client.get(B).status_code in (403, 404)
    # B's token: not A's store, not A's orders through B's store
    b_client = client_for(tenant_b)
    assert b_client.get(A).status_code in (403, 404)
    assert _post(b_client, f"{A}{mine.pk}/refunds/", {"amount": "1.00"}).status_code in (403, 404)
    assert b_client.get(f"{B}{mine_in_b.pk}/").status_code == 404
    with tenant_a:
        assert not Refund.objects.exists() and not Fulfilment.objects.exists()
    with tenant_b:
        assert not Refund.objects.exists() and not Fulfilment.objects.exists()


@pytest.mark.parametrize("path", ["abc/", "0/", "99999999999999999999/"])
def test_non_numeric_ids(tenant_a, path):
    assert client_for(tenant_a).get(f"{A}{path}").status_code == 404


def test_a_line_named_twice_cannot_ship_or_return_more_than_ordered(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store, quantity=3)
        line = order.lines.get()
    client = client_for(tenant_a)
    twice = [{"order_line_id": line.pk, "quantity": 2}, {"order_line_id": line.pk, "quantity": 2}]
    response = _post(client, f"{A}{order.pk}/fulfil/", {"lines": twice})
    assert response.status_code == 400 and _error(response)["code"] == "fulfil_too_many"
    assert _post(client, f"{A}{order.pk}/fulfil/").status_code == 201
    response = _post(client, f"{A}{order.pk}/returns/", {"lines": twice})
    assert response.status_code == 400 and _error(response)["code"] == "return_too_many"


def test_receiving_a_return_refunds_at_most_what_is_left(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store, quantity=2, price="20.00")
        line = order.lines.get()
        services.fulfilment_create(store=tenant_a.store, order_id=order.pk, actor=None)
        services.refund_create(store=tenant_a.store, order_id=order.pk, actor=None, amount=order.total - 5)
        ret = services.return_request(
            store=tenant_a.store, order_id=order.pk, actor=None, lines=[services.ReturnLineRequest(line.pk, 1)]
        )
    response = _post(client_for(tenant_a), f"{A}{order.pk}/returns/receive/", {"return_id": ret.pk, "refund": True})
    assert response.status_code == 200, response.json()
    assert response.json()["payment_status"] == "refunded"
