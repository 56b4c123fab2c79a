"""Two orders of a referred friend paid at the same moment, each handled on its own database
connection: the Referral row's lock lets one of them give the bonuses, once."""

from __future__ import annotations

import threading
from decimal import Decimal

from django.db import connection, connections
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps.loyalty.models import Card, Program, Referral, Transaction
from apps.loyalty.services.referrals import referral_reward
from apps.orders.models import Customer, Order

from ..conftest import _tenant
from .factories import card_make, program_make


def _orders(store, customer, count: int) -> list[Order]:
    now = timezone.now()
    return [
        Order.objects.create(
            store_id=store.id,
            number=f"RACE-{n}",
            sequence_number=900_000 + n,
            customer=customer,
            email=customer.email,
            payment_method="bank_transfer",
            subtotal=Decimal("30.00"),
            total=Decimal("30.00"),
            paid_amount=Decimal("30.00"),
            payment_status=Order.PaymentStatus.PAID,
            placed_at=now,
            paid_at=now,
        )
        for n in range(count)
    ]


def _clean(sequences: list[tuple[str, int]]) -> None:
    """Remove what the test committed (the ledger refuses DELETE: its trigger is off meanwhile)
    and put the counters back, so the tests after this one see the merchant as it was."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            for table in ("loyalty_transaction", "loyalty_ledgerday", "loyalty_referral", "loyalty_card"):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
            cursor.execute("DELETE FROM orders_order WHERE number LIKE 'RACE-%%'")
            cursor.execute("DELETE FROM orders_customer WHERE email LIKE '%%@race.example'")
            cursor.execute("DELETE FROM loyalty_program")
            cursor.execute("DELETE FROM orders_sequence")
            for name, value in sequences:
                cursor.execute("INSERT INTO orders_sequence (name, value) VALUES (%s, %s)", [name, value])
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def test_two_orders_paid_at_once_reward_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        tenant = _tenant("a")
        with tenant_context(tenant.merchant):
            with connection.cursor() as cursor:
                cursor.execute("SELECT name, value FROM orders_sequence")
                sequences = cursor.fetchall()
            try:
                program_make(
                    Program.Kind.POINTS, referrals_enabled=True, referral_bonus_friend=50, referral_bonus_referrer=100
                )
                referrer = card_make(tenant.store, email="referrer@race.example")
                friend = card_make(tenant.store, email="friend@race.example", referral_code=referrer.referral_code)
                orders = _orders(tenant.store, Customer.objects.get(pk=friend.customer_id), 4)
                barrier = threading.Barrier(len(orders))
                errors: list[Exception] = []

                def pay(order_id: int) -> None:
                    try:
                        with tenant_context(tenant.merchant):
                            barrier.wait()
                            referral_reward(store=tenant.store, order_id=order_id)
                    except Exception as error:  # reported below
                        errors.append(error)
                    finally:
                        connections.close_all()

                threads = [threading.Thread(target=pay, args=(order.pk,)) for order in orders]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                assert errors == []
                bonuses = Transaction.objects.filter(kind=Transaction.Kind.REFERRAL)
                assert sorted(bonuses.values_list("card_id", "points_delta")) == sorted(
                    [(friend.pk, 50), (referrer.pk, 100)]
                )
                assert Referral.objects.get(friend=friend).status == Referral.Status.REWARDED
                assert Card.objects.get(pk=referrer.pk).points_balance == 100
            finally:
                _clean(sequences)
        connection.set_schema_to_public()
