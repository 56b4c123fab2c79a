"""Journey 5: a signed-in customer's card page and history on the storefront, the one-click
join from the account, the account menu's link, and the query count of the card page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.loyalty import services
from apps.loyalty.models import Card, Program
from apps.loyalty.platform.models import MerchantLoyaltyPolicy
from apps.orders import services as order_services

from .factories import card_make, pin_make, program_make

ACCOUNT = "/account/loyalty/"
HISTORY = "/account/loyalty/history/"


@pytest.fixture
def member(tenant_a):
    """A customer with an account and a card with some history in both stores of merchant A."""
    user = tenant_a.customer("carla@example.lu")
    with tenant_a:
        program_make(Program.Kind.HYBRID, referrals_enabled=True, stamp_cooldown_minutes=0, pin_required=False)
        card = card_make(tenant_a.store, "carla@example.lu", user=user)
        second = tenant_a.stores["ALPHA2"]
        pin_make(second, "Bob")
        services.stamp_add(terminal=services.Terminal(store=tenant_a.store), card=card)
        services.stamp_add(terminal=services.Terminal(store=second), card=card)
        services.points_earn(terminal=services.Terminal(store=second), card=card, amount=Decimal("25.00"))
    return user, card


def test_journey_5_card_page_and_history(tenant_a, member):
    user, card = member
    client = tenant_a.client(user)
    page = client.get(ACCOUNT)
    assert page.status_code == 200
    html = page.content.decode()
    assert card.display_number in html and "<svg" in html
    assert html.count('class="loyalty-dot on"') == 2 and html.count("loyalty-dot") >= 10
    assert "250" in html and "Tote bag" in html  # 250 points: the 100-point reward is within reach
    assert f"?ref={card.referral_code}" in html
    assert 'href="/account/loyalty/"' in html  # the account menu links the card
    history = client.get(HISTORY).content.decode()
    assert "Alpha2" in history and "Alpha" in history and "+250" in history and "+1" in history


def test_history_is_paginated(tenant_a, member):
    user, card = member
    with tenant_a:
        for _i in range(25):
            services.card_adjust(terminal=services.Terminal(store=tenant_a.store), card=card, points=1, reason="x")
    client = tenant_a.client(user)
    first = client.get(HISTORY).content.decode()
    assert "Page 1 of 2" in first
    assert client.get(f"{HISTORY}?page=2").status_code == 200
    assert client.get(f"{HISTORY}?page=abc").status_code == 200


def test_pages_need_a_signed_in_customer(tenant_a, member):
    for path in (ACCOUNT, HISTORY):
        response = tenant_a.client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_one_click_join_from_the_account(tenant_a, django_capture_on_commit_callbacks):
    user = tenant_a.customer("new@example.lu")
    with tenant_a:
        program_make()
    client = tenant_a.client(user)
    page = client.get(ACCOUNT).content.decode()
    assert "You have no card yet" in page and "Join with new@example.lu" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ACCOUNT)["Location"] == ACCOUNT
    with tenant_a:
        card = Card.objects.select_related("customer").get()
        assert card.customer.user_id == user.pk and card.customer.email == "new@example.lu"
    assert card.display_number in client.get(ACCOUNT).content.decode()
    assert client.post(ACCOUNT).status_code == 302  # twice: still one card
    with tenant_a:
        assert Card.objects.count() == 1


def test_a_guest_card_of_the_same_email_is_linked_to_the_account(tenant_a):
    with tenant_a:
        program_make()
        guest_card = card_make(tenant_a.store, "walkin@example.lu")
    user = tenant_a.customer("walkin@example.lu")
    client = tenant_a.client(user)
    client.post(ACCOUNT)
    with tenant_a:
        assert Card.objects.count() == 1
        assert Card.objects.select_related("customer").get().customer.user_id == user.pk
    assert guest_card.display_number in client.get(ACCOUNT).content.decode()


def test_join_from_the_account_follows_the_platform_policy(tenant_a):
    user = tenant_a.customer("policy@example.lu")
    with tenant_a:
        program_make()
    MerchantLoyaltyPolicy.objects.create(merchant=tenant_a.merchant, self_enrolment=False)
    client = tenant_a.client(user)
    assert "at the counter" in client.get(ACCOUNT).content.decode()
    client.post(ACCOUNT)
    with tenant_a:
        assert not Card.objects.exists()


def test_no_programme_no_menu_entry_and_no_page(tenant_a):
    user = tenant_a.customer("nobody@example.lu")
    client = tenant_a.client(user)
    assert 'href="/account/loyalty/"' not in client.get("/account/").content.decode()
    assert client.get(ACCOUNT).status_code == 404


def test_module_off_hides_the_pages(tenant_a, member):
    user, _card = member
    tenant_a.merchant.disabled_modules = ["loyalty"]
    tenant_a.merchant.save(update_fields=["disabled_modules"])
    client = tenant_a.client(user)
    assert client.get(ACCOUNT).status_code == 404
    assert client.get("/loyalty/join/").status_code == 404


def test_another_merchants_customer_sees_nothing_of_merchant_a(tenant_a, tenant_b, member):
    _user, card = member
    stranger = tenant_b.customer("carla@example.lu")  # same e-mail, other merchant
    client = tenant_b.client(stranger)
    assert client.get(ACCOUNT).status_code == 404  # B has no programme
    with tenant_b:
        program_make()
    page = client.get(ACCOUNT).content.decode()
    assert card.display_number not in page and "You have no card yet" in page


def test_card_page_query_count_is_pinned(tenant_a, member, queries):
    user, _card = member
    captured = queries.of_get(tenant_a.client(user), ACCOUNT)
    assert captured.count == 6, captured.sql


def test_customer_with_orders_record_but_no_account_link_sees_join(tenant_a):
    with tenant_a:
        program_make()
        order_services.customer_for_checkout(store=tenant_a.store, email="shopper@example.lu")
    user = tenant_a.customer("shopper@example.lu")
    assert "You have no card yet" in tenant_a.client(user).get(ACCOUNT).content.decode()
