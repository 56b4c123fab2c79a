"""Pinned query counts of the order list (page and API) and the order page (page and API): the
same whatever the number of orders on the page, lines or events of the order."""

from __future__ import annotations

from apps.orders import services

from ..catalog.store_api import client_for
from .factories import place, variant
from .manage import paid_order

LIST = "/store/ALPHA/orders/"
API = "/api/v1/store/stores/ALPHA/orders/"


def _orders(tenant, count: int) -> None:
    with tenant:
        item = variant(tenant.store, stock=100)
        for _n in range(count):
            place(tenant.store, [(item, 1)])


def _busy_order(tenant, lines: int):
    """An order of `lines` lines, paid, partly fulfilled, with a return and notes."""
    with tenant:
        store = tenant.store
        order = place(store, [(variant(store, stock=10), 2) for _n in range(lines)])
        services.payment_record(store=store, order_id=order.pk, amount=order.total, method="cash", actor=None)
        services.fulfilment_create(store=store, order_id=order.pk, actor=None, carrier="Post")
        first = order.lines.order_by("pk").first()
        services.return_request(
            store=store, order_id=order.pk, actor=None, lines=[services.ReturnLineRequest(first.pk, 1)]
        )
        for n in range(lines):
            services.order_note_add(store=store, order_id=order.pk, actor=tenant.owner(), text=f"note {n}")
    return order


def test_order_list_page_queries_do_not_grow_with_orders(tenant_a, queries):
    client = tenant_a.client(tenant_a.owner())
    _orders(tenant_a, 1)
    few = queries.of_get(client, LIST).count
    _orders(tenant_a, 12)
    assert queries.of_get(client, LIST).count == few
    assert queries.of_get(client, f"{LIST}?q=anna&payment_status=pending").count == few
    assert few == 6, few


def test_order_list_api_queries_do_not_grow_with_orders(tenant_a, queries):
    client = client_for(tenant_a)
    _orders(tenant_a, 1)
    few = queries.of_get(client, API).count
    _orders(tenant_a, 12)
    assert queries.of_get(client, API).count == few
    assert few == 6, few


def test_order_page_queries_do_not_grow_with_lines_or_events(tenant_a, queries):
    client, api = tenant_a.client(tenant_a.owner()), client_for(tenant_a)
    small = _busy_order(tenant_a, 1)
    big = _busy_order(tenant_a, 6)
    page = queries.of_get(client, f"{LIST}{small.pk}/").count
    assert queries.of_get(client, f"{LIST}{big.pk}/").count == page
    assert page == 14, page  # the API's 13 and the documents box (the invoices)
    detail = queries.of_get(api, f"{API}{small.pk}/").count
    assert queries.of_get(api, f"{API}{big.pk}/").count == detail
    assert detail == 13, detail


def test_paid_order_helper_is_paid(tenant_a):
    with tenant_a:
        assert paid_order(tenant_a.store).payment_status == "paid"
