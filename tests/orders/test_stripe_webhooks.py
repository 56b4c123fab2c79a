"""Stripe's webhooks through the platform's endpoint: signature first, each event once, events of
unknown or other merchants' accounts ignored, out-of-order account updates harmless, payments and
refunds settled."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from apps.core.errors import ValidationFailed
from apps.orders import services
from apps.orders.models import Order, Payment, StripeAccount
from apps.tenancy.models import PaymentWebhookEvent

from .factories import place, shop_setup, variant
from .stripe_fake import event, stripe_connected, webhook_post


@pytest.fixture
def deliver(public_client, stripe_stub, django_capture_on_commit_callbacks):
    """Send a signed event and run what it queued (the task, eagerly, in its merchant's schema)."""

    def send(body, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return webhook_post(public_client, stripe_stub, body, **kwargs)

    return send


def card_order(tenant, stub, *, price="40.00"):
    with tenant:
        store = tenant.store
        methods = shop_setup(store)
        order = place(store, [(variant(store, price=price), 1)], methods=methods, payment_method="card")
        url = services.card_checkout_start(
            store=store, order=order, success_url="https://shop.test/ok", cancel_url="https://shop.test/cancel"
        )
    session_id = url.rsplit("/", 1)[1]
    return order, session_id


def test_a_bad_or_missing_signature_is_refused_before_anything(deliver, tenant_a, stripe_stub):
    account = stripe_connected(tenant_a, stripe_stub)
    body = event("account.updated", {"id": account, "charges_enabled": False}, account=account)
    missing = deliver(body, signature=None)
    wrong = deliver(body, signature=f"t={int(time.time())},v1={'0' * 64}")
    stale = deliver(body, timestamp=int(time.time()) - 3600)
    assert [r.status_code for r in (missing, wrong, stale)] == [400, 400, 400]
    assert missing.json()["code"] == wrong.json()["code"] == "webhook_signature"
    assert not PaymentWebhookEvent.objects.exists()
    with tenant_a:
        assert StripeAccount.objects.get().charges_enabled is True


def test_not_configured_refuses_webhooks(public_client, settings):
    settings.STRIPE_SECRET_KEY = ""
    answer = public_client.post("/webhooks/stripe/", data="{}", content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "stripe_not_configured"


def test_account_updated_sets_the_state_and_older_events_are_ignored(deliver, tenant_a, stripe_stub):
    account = stripe_connected(tenant_a, stripe_stub, enabled=False)
    now = int(time.time())
    newer = event(
        "account.updated",
        {
            "id": account,
            "charges_enabled": True,
            "payouts_enabled": False,
            "details_submitted": True,
            "requirements": {"currently_due": ["external_account"], "past_due": []},
        },
        account=account,
        created=now,
    )
    older = event("account.updated", {"id": account, "charges_enabled": False}, account=account, created=now - 60)
    assert deliver(newer).json()["outcome"] == "queued"
    assert deliver(older).status_code == 200
    with tenant_a:
        state = StripeAccount.objects.get()
    assert (state.charges_enabled, state.payouts_enabled, state.details_submitted) == (True, False, True)
    assert state.requirements == ["external_account"]
    statuses = dict(PaymentWebhookEvent.objects.values_list("event_id", "status"))
    assert statuses == {newer["id"]: "processed", older["id"]: "ignored"}


def test_checkout_completed_marks_the_order_paid_once(deliver, tenant_a, stripe_stub):
    stripe_connected(tenant_a, stripe_stub)
    order, session_id = card_order(tenant_a, stripe_stub)
    completed = stripe_stub.session_complete(session_id)
    first = deliver(completed)
    again = deliver(completed)  # Stripe delivers again
    replay = deliver({**completed, "created": completed["created"]})  # the same event id, replayed
    assert [first.json()["outcome"], again.json()["outcome"], replay.json()["outcome"]] == [
        "queued",
        "duplicate",
        "duplicate",
    ]
    pi = stripe_stub.sessions[session_id]["payment_intent"]
    succeeded = event(
        "payment_intent.succeeded",
        {
            "id": pi,
            "amount_received": 4000 + int(order.shipping_total * 100),
            "metadata": completed["data"]["object"]["metadata"],
        },
        account=completed["account"],
    )
    assert deliver(succeeded).json()["outcome"] == "queued"  # another event, the same payment
    with tenant_a:
        order.refresh_from_db()
        payments = list(Payment.objects.filter(order=order).values_list("status", "reference", "amount"))
    assert order.payment_status == "paid" and order.paid_amount == order.total
    assert payments == [("succeeded", pi, order.total)]
    assert PaymentWebhookEvent.objects.filter(status="processed").count() == 2


def test_events_of_unknown_or_other_merchants_accounts_are_ignored(deliver, tenant_a, tenant_b, stripe_stub):
    stripe_connected(tenant_a, stripe_stub)
    b_account = stripe_connected(tenant_b, stripe_stub)
    order, session_id = card_order(tenant_a, stripe_stub)
    completed = stripe_stub.session_complete(session_id)
    unknown = deliver({**completed, "id": "evt_unknown", "account": "acct_nobody"})
    assert unknown.status_code == 200 and unknown.json()["outcome"] == "ignored"
    # A's session delivered as an event of B's account: B's schema has no such order of A's
    other = deliver({**completed, "id": "evt_other", "account": b_account})
    assert other.status_code == 200
    statuses = dict(PaymentWebhookEvent.objects.values_list("event_id", "status"))
    assert statuses == {"evt_unknown": "ignored", "evt_other": "ignored"}
    with tenant_a:
        order.refresh_from_db()
        assert order.payment_status == "pending"
    with tenant_b:
        assert not Order.objects.filter(payment_status="paid").exists()


def test_a_payment_after_expiry_is_recorded_and_flagged(deliver, tenant_a, stripe_stub):
    stripe_connected(tenant_a, stripe_stub)
    order, session_id = card_order(tenant_a, stripe_stub)
    with tenant_a:
        Order.objects.filter(pk=order.pk).update(expires_at=order.placed_at)
        assert services.order_expire(store=tenant_a.store, order_id=order.pk)
    deliver(stripe_stub.session_complete(session_id))
    with tenant_a:
        order.refresh_from_db()
        assert order.status == "expired" and order.paid_amount == order.total and order.needs_attention
        assert order.events.filter(data__needs_attention=True).exists()


def test_expired_session_and_failed_payment_reach_the_timeline(deliver, tenant_a, stripe_stub):
    account = stripe_connected(tenant_a, stripe_stub)
    order, session_id = card_order(tenant_a, stripe_stub)
    session = dict(stripe_stub.sessions[session_id], status="expired")
    deliver(event("checkout.session.expired", session, account=account))
    failed = {
        "id": "pi_failed",
        "metadata": session["metadata"],
        "last_payment_error": {"message": "Your card was declined."},
    }
    deliver(event("payment_intent.payment_failed", failed, account=account))
    with tenant_a:
        kinds = list(order.events.filter(kind="payment_failed").values_list("message", flat=True))
        assert Payment.objects.get(order=order).status == "cancelled"
    assert len(kinds) == 2 and "declined" in kinds[1]


def test_card_refund_goes_through_stripe_and_pending_ones_settle_by_webhook(deliver, tenant_a, stripe_stub):
    account = stripe_connected(tenant_a, stripe_stub)
    order, session_id = card_order(tenant_a, stripe_stub)
    deliver(stripe_stub.session_complete(session_id))
    pi = stripe_stub.sessions[session_id]["payment_intent"]
    with tenant_a:
        done = services.refund_create(store=tenant_a.store, order_id=order.pk, actor=None, amount="10.00")
    call = stripe_stub.calls("/v1/refunds")[-1]
    assert call.stripe_account == account
    assert (call.params["payment_intent"], call.params["amount"]) == (pi, "1000")
    assert done[0].status == "succeeded"
    stripe_stub.refund_status = "pending"
    with tenant_a:
        pending = services.refund_create(store=tenant_a.store, order_id=order.pk, actor=None, amount="5.00")[0]
        order.refresh_from_db()
        assert pending.status == "pending" and order.refunded_amount == Decimal("10.00")
        # the 5.00 still settling counts: the rest of the order is all that can go back
        too_much = order.paid_amount - Decimal("15.00") + Decimal("0.01")
        with pytest.raises(ValidationFailed) as refused:
            services.refund_create(store=tenant_a.store, order_id=order.pk, actor=None, amount=str(too_much))
        assert refused.value.code == "refund_too_much"
    refund = dict(stripe_stub.refunds[pending.reference], status="succeeded")
    deliver(event("refund.updated", refund, account=account))
    deliver(event("refund.updated", refund, account=account))  # another event, the same refund
    with tenant_a:
        order.refresh_from_db()
        pending.refresh_from_db()
        assert pending.status == "succeeded" and order.refunded_amount == Decimal("15.00")
        assert order.payment_status == "partially_refunded"


def test_a_refused_refund_is_a_clear_error(deliver, tenant_a, stripe_stub):
    stripe_connected(tenant_a, stripe_stub)
    order, session_id = card_order(tenant_a, stripe_stub)
    deliver(stripe_stub.session_complete(session_id))
    stripe_stub.fail_next = "The charge was disputed."
    with tenant_a, pytest.raises(ValidationFailed) as refused:
        services.refund_create(store=tenant_a.store, order_id=order.pk, actor=None, amount="5.00")
    assert "disputed" in str(refused.value)
    with tenant_a:
        order.refresh_from_db()
        assert order.refunded_amount == 0
