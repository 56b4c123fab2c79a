"""Online purchases earn on the card of a customer with an account, once per order; refunds and
returns take back their share, never more than the order earned."""

from __future__ import annotations

from decimal import Decimal

from apps.loyalty import services, tasks
from apps.loyalty.models import Program, Transaction
from apps.loyalty.services.online import online_order_earn

from .factories import card_make, ledger_balanced, program_make
from .online_orders import member_card, pay, refund, return_all, storefront_order


def online_entries(card, kind=Transaction.Kind.ONLINE_EARN):
    return list(Transaction.objects.filter(card=card, kind=kind).order_by("id"))


def test_paid_storefront_order_earns_once_on_the_goods(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
        order = storefront_order(tenant_a.store)  # 2 x 25.00 + shipping 4.90
        assert order.shipping_total > 0
        pay(django_capture_on_commit_callbacks, tenant_a.store, order)
        [earned] = online_entries(card)
        # 50.00 EUR of goods at 10 points per euro; shipping does not earn
        assert earned.points_delta == 500 and earned.order_id == order.pk and earned.store_id == tenant_a.store.id
        assert earned.purchase_amount == Decimal("50.00") and earned.order_reference == order.number
        # the signal again, or the task retried: nothing more
        tasks.online_order_paid(order.pk, tenant_a.store.id)
        assert online_order_earn(store=tenant_a.store, order_id=order.pk) is None
        assert len(online_entries(card)) == 1
        card.refresh_from_db()
        assert card.points_balance == 500 and ledger_balanced(card)


def test_guests_till_orders_and_programme_off_earn_nothing(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        program = program_make(Program.Kind.POINTS)
        guest = card_make(tenant_a.store, email="guest@example.lu")  # a card, but no account
        order = storefront_order(tenant_a.store, email="guest@example.lu")
        pay(django_capture_on_commit_callbacks, tenant_a.store, order)
        assert online_entries(guest) == []
        card = member_card(tenant_a)
        till = storefront_order(tenant_a.store)
        type(till).objects.filter(pk=till.pk).update(channel="pos")
        pay(django_capture_on_commit_callbacks, tenant_a.store, till)
        assert online_entries(card) == []
        Program.objects.filter(pk=program.pk).update(online_earning=False)
        later = storefront_order(tenant_a.store)
        pay(django_capture_on_commit_callbacks, tenant_a.store, later)
        assert online_entries(card) == []


def test_stamps_programme_gives_one_stamp_within_the_daily_limit(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        program_make(Program.Kind.STAMPS, max_stamps_per_day=2, stamp_cooldown_minutes=60)
        card = member_card(tenant_a)
        for _i in range(3):
            pay(django_capture_on_commit_callbacks, tenant_a.store, storefront_order(tenant_a.store))
        # no cooldown between orders, but the daily limit holds
        assert [t.stamps_delta for t in online_entries(card)] == [1, 1]
        card.refresh_from_db()
        assert card.stamps_balance == 2 and card.points_balance == 0 and card.last_stamp_at is None


def test_partial_refund_takes_back_its_share(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
        order = pay(django_capture_on_commit_callbacks, tenant_a.store, storefront_order(tenant_a.store))
        # 500 points for a total of 54.90; 27.45 back is half of it
        refund(django_capture_on_commit_callbacks, tenant_a.store, order, str(order.total / 2))
        [back] = online_entries(card, Transaction.Kind.ONLINE_RETURN)
        assert back.points_delta == -250 and back.order_id == order.pk
        # the task again: nothing more
        tasks.online_order_taken_back(order.pk, tenant_a.store.id)
        assert len(online_entries(card, Transaction.Kind.ONLINE_RETURN)) == 1
        card.refresh_from_db()
        assert card.points_balance == 250 and ledger_balanced(card)


def test_full_refund_and_return_never_take_more_than_earned(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
        card_make(tenant_a.store, email="other@example.lu")
        order = pay(django_capture_on_commit_callbacks, tenant_a.store, storefront_order(tenant_a.store))
        refund(django_capture_on_commit_callbacks, tenant_a.store, order, "10.00")
        # the rest comes back with the return (its refund and the return both announced)
        return_all(django_capture_on_commit_callbacks, tenant_a.store, order, refund=True)
        tasks.online_order_taken_back(order.pk, tenant_a.store.id)
        taken = sum(t.points_delta for t in online_entries(card, Transaction.Kind.ONLINE_RETURN))
        assert taken == -500
        card.refresh_from_db()
        assert card.points_balance == 0 and ledger_balanced(card)


def test_take_back_never_below_zero(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
        order = pay(django_capture_on_commit_callbacks, tenant_a.store, storefront_order(tenant_a.store))
        # the customer spends 400 of the 500 first
        services.card_adjust(terminal=services.Terminal(store=tenant_a.store), card=card, points=-400, reason="spent")
        refund(django_capture_on_commit_callbacks, tenant_a.store, order, str(order.total))
        card.refresh_from_db()
        assert card.points_balance == 0 and ledger_balanced(card)
        [back] = online_entries(card, Transaction.Kind.ONLINE_RETURN)
        assert back.points_delta == -100


def test_another_merchants_order_never_touches_these_cards(tenant_a, tenant_b, django_capture_on_commit_callbacks):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
    with tenant_b:
        program_make(Program.Kind.POINTS)
        order = pay(django_capture_on_commit_callbacks, tenant_b.store, storefront_order(tenant_b.store))
        # the same e-mail has no card in tenant_b: nothing earns there either
        assert not Transaction.objects.filter(kind=Transaction.Kind.ONLINE_EARN).exists()
    with tenant_a:
        # tenant_b's order id run in tenant_a's schema is not found, never earned on
        tasks.online_order_paid(order.pk, tenant_a.store.id)
        assert online_entries(card) == []
