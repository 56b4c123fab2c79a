"""The order pages of the store back office: list, search and filters, the order page and its actions
per role, bad input and stale state, the CSV export and the bulk "mark fulfilled" job."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from apps.catalog.models import InventoryItem
from apps.core.roles import Role
from apps.jobs.models import Job
from apps.jobs.runner import job_execute
from apps.orders import services
from apps.orders.models import Fulfilment, Order, OrderEvent, Refund, Return

from .factories import ADDRESS, place, variant
from .manage import ids_apart, paid_order, user_of

LIST = "/store/ALPHA/orders/"


def _detail(order) -> str:
    return f"{LIST}{order.pk}/"


def test_list_shows_orders_with_separate_payment_and_fulfilment_badges(tenant_a):
    with tenant_a:
        paid = paid_order(tenant_a.store, email="paid@example.lu")
        unpaid = place(tenant_a.store, [(variant(tenant_a.store), 1)], email="unpaid@example.lu")
    response = tenant_a.client(tenant_a.owner()).get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert paid.number in page and unpaid.number in page
    assert "Paid" in page and "Payment pending" in page and "Unfulfilled" in page
    assert 'class="list cards' in page and "data-label" in page


def test_list_filters_and_search_are_in_the_url(tenant_a):
    with tenant_a:
        paid = paid_order(tenant_a.store, email="zoe@example.lu")
        unpaid = place(tenant_a.store, [(variant(tenant_a.store), 1)], email="max@example.lu")
    client = tenant_a.client(tenant_a.owner())
    orders = client.get(LIST, {"payment_status": "paid"}).context["orders"]
    assert [o.pk for o in orders] == [paid.pk]
    assert [o.pk for o in client.get(LIST, {"q": "MAX@EXAMPLE"}).context["orders"]] == [unpaid.pk]
    assert [o.pk for o in client.get(LIST, {"q": paid.number}).context["orders"]] == [paid.pk]
    assert [o.pk for o in client.get(LIST, {"q": str(unpaid.sequence_number)}).context["orders"]] == [unpaid.pk]
    # a bad value is ignored and marked, never a 500
    response = client.get(LIST, {"status": "bogus", "date_from": "yesterday"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors
    empty = client.get(LIST, {"channel": "pos"})
    assert b"No orders match these filters" in empty.content


def test_empty_list_explains(tenant_a):
    response = tenant_a.client(tenant_a.owner()).get(LIST)
    assert response.status_code == 200 and b"No orders yet" in response.content


def test_order_page_shows_everything_and_the_actions_by_role(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store)
        services.order_note_add(store=tenant_a.store, order_id=order.pk, actor=tenant_a.owner(), text="Gift wrap")
    owner = tenant_a.client(tenant_a.owner()).get(_detail(order))
    assert owner.status_code == 200
    page = owner.content.decode()
    assert "Gift wrap" in page and tenant_a.owner().email in page and "12 rue de la Gare" in page
    for form in ("fulfil_form", "refund_form", "cancel_form", "note_form"):
        assert form in owner.context
    cashier = tenant_a.client(tenant_a.member(Role.CASHIER)).get(_detail(order))
    assert cashier.status_code == 200
    assert not {"fulfil_form", "refund_form", "cancel_form", "note_form"} & set(cashier.context.keys())
    editor = tenant_a.client(tenant_a.member(Role.EDITOR)).get(_detail(order))
    assert "fulfil_form" in editor.context and "refund_form" not in editor.context


def test_fulfil_some_lines_then_deliver(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store, quantity=3)
        line = order.lines.get()
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    response = client.post(
        f"{_detail(order)}fulfil/",
        {
            f"fulfil-line-{line.pk}": "2",
            "fulfil-carrier": "Post",
            "fulfil-tracking_number": "LU1",
            "fulfil-tracking_url": "https://track.example/LU1",
            "fulfil-notify_customer": "on",
        },
    )
    assert response.status_code == 302
    with tenant_a:
        order.refresh_from_db()
        fulfilment = Fulfilment.objects.get(order=order)
        assert order.fulfilment_status == "partially_fulfilled"
        assert (fulfilment.carrier, fulfilment.tracking_number) == ("Post", "LU1")
    page = client.get(_detail(order)).content.decode()
    assert "https://track.example/LU1" in page
    assert client.post(f"{_detail(order)}deliver/", {"fulfilment_id": fulfilment.pk}).status_code == 302
    with tenant_a:
        assert Fulfilment.objects.get(pk=fulfilment.pk).status == "delivered"
    # delivered twice: a clear message, not a 500
    again = client.post(f"{_detail(order)}deliver/", {"fulfilment_id": fulfilment.pk})
    assert again.status_code == 409 and b"already delivered" in again.content


def test_fulfil_more_than_ordered_is_refused_next_to_the_field(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store, quantity=2)
        line = order.lines.get()
    client = tenant_a.client(tenant_a.owner())
    response = client.post(f"{_detail(order)}fulfil/", {f"fulfil-line-{line.pk}": "3"})
    assert response.status_code == 400
    assert response.context["fulfil_form"].errors[f"line-{line.pk}"]
    response = client.post(f"{_detail(order)}fulfil/", {f"fulfil-line-{line.pk}": "abc"})
    assert response.status_code == 400 and response.context["fulfil_form"].errors
    with tenant_a:
        assert not Fulfilment.objects.filter(order=order).exists()


def test_fulfil_a_cancelled_order_says_so(tenant_a):
    with tenant_a:
        order = place(tenant_a.store, [(variant(tenant_a.store), 1)])
        line = order.lines.get()
        services.order_cancel(store=tenant_a.store, order_id=order.pk, actor=None)
    response = tenant_a.client(tenant_a.owner()).post(f"{_detail(order)}fulfil/", {f"fulfil-line-{line.pk}": "1"})
    assert response.status_code in (400, 409)
    assert response.status_code != 500
    with tenant_a:
        assert not Fulfilment.objects.filter(order=order).exists()


def test_cancel_with_refund(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store)
        item = order.lines.get().variant_id
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    response = client.post(f"{_detail(order)}cancel/", {"cancel-refund": "on", "cancel-reason": "Asked"})
    assert response.status_code == 302
    with tenant_a:
        order.refresh_from_db()
        assert (order.status, order.payment_status) == ("cancelled", "refunded")
        assert InventoryItem.objects.get(variant_id=item).reserved == 0
    stale = client.post(f"{_detail(order)}cancel/", {"cancel-reason": "again"})
    assert stale.status_code == 409 and b"already cancelled" in stale.content


def test_refund_over_what_was_paid_is_refused_and_a_line_refund_works(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store, quantity=2, price="10.00")
        line = order.lines.get()
    client = tenant_a.client(tenant_a.owner())
    too_much = client.post(f"{_detail(order)}refunds/", {"refund-amount": str(order.total + 1)})
    assert too_much.status_code == 400
    assert too_much.context["refund_form"].errors["amount"]
    done = client.post(f"{_detail(order)}refunds/", {f"refund-line-{line.pk}": "1", "refund-reason": "Broken"})
    assert done.status_code == 302
    with tenant_a:
        assert Refund.objects.get(order=order).amount == Decimal("10.00")


def test_cashier_may_view_but_not_refund_or_fulfil(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store)
        line = order.lines.get()
    client = tenant_a.client(tenant_a.member(Role.CASHIER))
    assert client.get(LIST).status_code == 200
    assert client.post(f"{_detail(order)}refunds/", {"refund-amount": "1.00"}).status_code == 403
    assert client.post(f"{_detail(order)}fulfil/", {f"fulfil-line-{line.pk}": "1"}).status_code == 403
    with tenant_a:
        assert not Refund.objects.filter(order=order).exists()


def test_payment_record_and_too_much(tenant_a):
    with tenant_a:
        order = place(tenant_a.store, [(variant(tenant_a.store, price="30.00"), 1)])
    client = tenant_a.client(tenant_a.owner())
    over = client.post(f"{_detail(order)}payments/", {"payment-amount": "1000", "payment-method": "cash"})
    assert over.status_code == 400 and over.context["payment_form"].errors["amount"]
    ok = client.post(f"{_detail(order)}payments/", {"payment-amount": "10,00", "payment-method": "cash"})
    assert ok.status_code == 302
    with tenant_a:
        order.refresh_from_db()
        assert (order.paid_amount, order.payment_status) == (Decimal("10.00"), "partially_paid")


def test_return_request_receive_and_too_many(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store, quantity=2)
        line = order.lines.get()
        services.fulfilment_create(
            store=tenant_a.store, order_id=order.pk, actor=None, lines=[services.FulfilLineRequest(line.pk, 1)]
        )
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    too_many = client.post(f"{_detail(order)}returns/", {f"return-line-{line.pk}": "2"})
    assert too_many.status_code == 400 and too_many.context["return_form"].errors
    assert (
        client.post(f"{_detail(order)}returns/", {f"return-line-{line.pk}": "1", "return-reason": "Size"}).status_code
        == 302
    )
    with tenant_a:
        ret = Return.objects.get(order=order)
    # an editor may receive, but not refund
    refused = client.post(
        f"{_detail(order)}returns/receive/",
        {"decision-return_id": ret.pk, "decision-restock": "on", "decision-refund": "on"},
    )
    assert refused.status_code == 403
    received = client.post(
        f"{_detail(order)}returns/receive/", {"decision-return_id": ret.pk, "decision-restock": "on"}
    )
    assert received.status_code == 302
    with tenant_a:
        assert Return.objects.get(pk=ret.pk).status == "received"
    stale = client.post(f"{_detail(order)}returns/reject/", {"decision-return_id": ret.pk})
    assert stale.status_code == 409 and b"already been handled" in stale.content


def test_confirm_and_note(tenant_a):
    with tenant_a:
        order = place(tenant_a.store, [(variant(tenant_a.store), 1)])
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    assert client.post(f"{_detail(order)}confirm/").status_code == 302
    assert client.post(f"{_detail(order)}confirm/").status_code == 409
    empty = client.post(f"{_detail(order)}notes/", {"note-text": "  "})
    assert empty.status_code == 400 and empty.context["note_form"].errors["text"]
    assert client.post(f"{_detail(order)}notes/", {"note-text": "Called the customer"}).status_code == 302
    with tenant_a:
        note = OrderEvent.objects.get(order=order, kind="note")
        assert note.actor_email == tenant_a.member(Role.EDITOR).email
        assert Order.objects.get(pk=order.pk).status == "confirmed"


@pytest.mark.parametrize("path", ["abc/", "0/", "99999999999999999999/", "1/fulfil/x/"])
def test_non_numeric_or_unknown_ids_are_404(tenant_a, path):
    assert tenant_a.client(tenant_a.owner()).get(f"{LIST}{path}").status_code == 404


def test_another_merchants_order_is_404_on_pages(tenant_a, tenant_b):
    ids_apart(tenant_a)
    with tenant_b:
        theirs = paid_order(tenant_b.store)
        line = theirs.lines.get()
    client = tenant_a.client(tenant_a.owner())
    assert client.get(_detail(theirs)).status_code == 404
    assert client.post(f"{_detail(theirs)}fulfil/", {f"fulfil-line-{line.pk}": "1"}).status_code == 404
    assert client.post(f"{_detail(theirs)}refunds/", {"refund-amount": "1"}).status_code == 404
    # B's session on A's domain gets nothing either
    b_on_a = tenant_a.client(tenant_b.owner())
    assert b_on_a.get(LIST).status_code in (302, 403, 404)
    with tenant_b:
        assert not Fulfilment.objects.filter(order=theirs).exists()
        assert not Refund.objects.filter(order=theirs).exists()


def test_export_is_filtered_and_formula_safe(tenant_a):
    with tenant_a:
        risky = place(
            tenant_a.store,
            [(variant(tenant_a.store), 1)],
            shipping_address={**ADDRESS, "first_name": "=cmd|' /C calc'!A0"},
        )
        paid_order(tenant_a.store)
    response = tenant_a.client(tenant_a.member(Role.CASHIER)).get(f"{LIST}export.csv", {"payment_status": "pending"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert rows[0][:3] == ["number", "placed_at", "customer"]
    assert [row[0] for row in rows[1:]] == [risky.number]
    assert rows[1][2].startswith("'=")


def test_bulk_mark_fulfilled_runs_as_a_job_and_never_twice(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        first = paid_order(tenant_a.store)
        second = paid_order(tenant_a.store)
        cancelled = place(tenant_a.store, [(variant(tenant_a.store), 1)])
        services.order_cancel(store=tenant_a.store, order_id=cancelled.pk, actor=None)
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{LIST}bulk/fulfil/", {"ids": [first.pk, second.pk, cancelled.pk]})
    assert response.status_code == 302
    with tenant_a:
        job = Job.objects.get(kind="orders.bulk_fulfil")
        assert job.status == "done", job.error
        assert job.result["changed"] == 2 and len(job.result["problems"]) == 1
        assert Fulfilment.objects.filter(order__in=[first, second]).count() == 2
        # a run again (a worker died after the work was done) skips what its items record
        Job.objects.filter(pk=job.pk).update(status="queued", done=0)
        job_execute(job_id=job.pk)
        assert Job.objects.get(pk=job.pk).status == "done"
        assert Fulfilment.objects.filter(order__in=[first, second]).count() == 2
    page = client.get(response["Location"])
    assert page.status_code == 200 and job.label.encode() in page.content
    # another store's order cannot be slipped in; nothing selected is a message
    with tenant_a:
        other = paid_order(tenant_a.stores["ALPHA2"])
    refused = client.post(f"{LIST}bulk/fulfil/", {"ids": [other.pk]}, follow=True)
    assert b"not orders of this store" in refused.content
    assert client.post(f"{LIST}bulk/fulfil/", {}).status_code == 302
    # a cashier may not
    cashier = tenant_a.client(tenant_a.member(Role.CASHIER))
    assert cashier.post(f"{LIST}bulk/fulfil/", {"ids": [first.pk]}).status_code == 403


def test_roles_on_pages(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store)
    for role in (Role.OWNER, Role.MANAGER, Role.EDITOR, Role.CASHIER):
        client = tenant_a.client(user_of(tenant_a, role))
        assert client.get(_detail(order)).status_code == 200, role
