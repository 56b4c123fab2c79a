"""Spending a reward online: the points (or stamps) are taken and a single-use discount code worth
the reward's online value lands on the customer's cart; page and storefront API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client

from apps.core.errors import ApplicationError
from apps.loyalty import services
from apps.loyalty.models import Program, Reward, Transaction
from apps.loyalty.services.online import reward_use_online
from apps.orders import selectors as order_selectors
from apps.orders import services as order_services
from apps.orders.models import DiscountCode

from ..accounts.test_api import api, token_for
from ..orders.factories import variant
from .factories import ledger_balanced, program_make
from .online_orders import member_card

USE = "/account/loyalty/rewards/use/"
API = "/api/v1/storefront/loyalty/rewards/use/"


def customer_cart(store, card):
    cart = order_services.cart_create(store=store, customer=card.customer)
    order_services.cart_line_add(store=store, cart=cart, variant_id=variant(store, price="30.00").pk, quantity=1)
    return cart


def give(store, card, points=0, stamps=0):
    services.card_adjust(terminal=services.Terminal(store=store), card=card, points=points, stamps=stamps, reason="t")


def test_reward_becomes_a_single_use_code_on_the_cart(tenant_a):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
        give(tenant_a.store, card, points=150)
        cart = customer_cart(tenant_a.store, card)
        reward = Reward.objects.get(name="Tote bag")
        code = reward_use_online(store=tenant_a.store, customer=card.customer, reward_id=reward.pk)
        assert code.kind == DiscountCode.Kind.FIXED and code.value == Decimal("5.00")
        assert code.max_uses == 1 and code.max_uses_per_customer == 1 and len(code.code) >= 20
        cart.refresh_from_db()
        assert cart.discount_code_id == code.pk
        view = order_selectors.cart_view(store=tenant_a.store, cart=cart, customer=card.customer)
        assert view.totals.discount_total == Decimal("5.00")
        card.refresh_from_db()
        assert card.points_balance == 50 and card.rewards_redeemed == 1 and ledger_balanced(card)
        [entry] = Transaction.objects.filter(card=card, kind=Transaction.Kind.POINTS_REDEEM)
        assert entry.reward_id == reward.pk and entry.order_reference == code.code


def test_not_enough_points_and_no_online_value_are_refused(tenant_a):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
        give(tenant_a.store, card, points=60)
        reward = Reward.objects.get(name="Tote bag")
        with pytest.raises(ApplicationError) as info:
            reward_use_online(store=tenant_a.store, customer=card.customer, reward_id=reward.pk)
        assert info.value.code == "not_enough_points"
        in_store = Reward.objects.create(name="Mug", points_cost=10)
        with pytest.raises(ApplicationError):
            reward_use_online(store=tenant_a.store, customer=card.customer, reward_id=in_store.pk)
        card.refresh_from_db()
        assert card.points_balance == 60 and not DiscountCode.objects.exists()


def test_stamp_reward_online(tenant_a):
    with tenant_a:
        program_make(Program.Kind.STAMPS, stamps_reward_value=Decimal("3.50"))
        card = member_card(tenant_a)
        give(tenant_a.store, card, stamps=10)
        code = reward_use_online(store=tenant_a.store, customer=card.customer, stamps=True)
        assert code.value == Decimal("3.50")
        card.refresh_from_db()
        assert card.stamps_balance == 0 and ledger_balanced(card)


def test_page_posts_and_redirects_to_the_cart(tenant_a):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
        give(tenant_a.store, card, points=100)
        reward = Reward.objects.get(name="Tote bag")
    user = tenant_a.customer("anna@example.lu")
    assert Client(HTTP_HOST=tenant_a.host).post(USE, {"reward_id": reward.pk}).status_code == 302  # to login
    strict = Client(HTTP_HOST=tenant_a.host, enforce_csrf_checks=True)
    with tenant_a:
        strict.force_login(user)
    assert strict.post(USE, {"reward_id": reward.pk}).status_code == 403  # no CSRF token
    client = tenant_a.client(user)
    response = client.post(USE, {"reward_id": reward.pk}, follow=True)
    assert response.redirect_chain[0][0].endswith("/cart/")
    assert "LOYALTY-" in response.content.decode()
    response = client.post(USE, {"reward_id": reward.pk}, follow=True)  # a double click: the same code
    assert "LOYALTY-" in response.content.decode()
    with tenant_a:
        assert DiscountCode.objects.count() == 1
        DiscountCode.objects.update(uses=1)  # the code was used
    response = client.post(USE, {"reward_id": reward.pk}, follow=True)  # nothing left
    assert response.status_code == 200 and "Not enough points" in response.content.decode()
    with tenant_a:
        assert DiscountCode.objects.count() == 1


def test_api_spends_a_reward(tenant_a, tenant_b):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
        give(tenant_a.store, card, points=120)
        reward = Reward.objects.get(name="Tote bag")
        customer_cart(tenant_a.store, card)
    assert api(tenant_a).post(API, {"reward_id": reward.pk}, content_type="application/json").status_code == 401
    client = api(tenant_a, token_for(tenant_a, "anna@example.lu"))
    response = client.post(API, {}, content_type="application/json")
    assert response.status_code == 400
    response = client.post(API, {"reward_id": "abc"}, content_type="application/json")
    assert response.status_code == 400
    response = client.post(API, {"reward_id": reward.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["applied_to_cart"] is True and body["points_balance"] == 20 and body["value"] == "5.00"
    again = client.post(API, {"reward_id": reward.pk}, content_type="application/json")  # a retry
    assert again.status_code == 201 and again.json()["code"] == body["code"] and again.json()["points_balance"] == 20
    with tenant_a:
        DiscountCode.objects.update(uses=1)  # the code was used
    response = client.post(API, {"reward_id": reward.pk}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "not_enough_points"
    # a customer of another merchant has no card here
    with tenant_b:
        program_make(Program.Kind.POINTS)
    tenant_b.customer("anna@example.lu")
    other = api(tenant_b, token_for(tenant_b, "anna@example.lu"))
    response = other.post(API, {"reward_id": reward.pk}, content_type="application/json")
    assert response.status_code == 404


def test_partial_offers_the_rewards_the_card_can_pay_for(tenant_a, rf):
    with tenant_a:
        program = program_make(Program.Kind.HYBRID, stamps_reward_value=Decimal("3.00"))
        card = member_card(tenant_a)
        give(tenant_a.store, card, points=100, stamps=4)
        Reward.objects.create(name="Mug", points_cost=10)  # no online value: no button
        Reward.objects.create(name="Scarf", points_cost=500, online_value=Decimal("20.00"))
        card.refresh_from_db()
        html = render_to_string(
            "loyalty/storefront/_reward_use.html",
            {"card": card, "program": program, "rewards": Reward.objects.filter(is_active=True)},
            request=rf.post(USE),
        )
    assert html.count(f'action="{USE}"') == 1 and "csrfmiddlewaretoken" in html
    assert "Tote bag" in html and "Scarf" in html and "Mug" not in html
    assert "Not enough stamps yet" in html and "Not enough points yet" in html


def test_a_double_click_gets_the_same_code_and_spends_once(tenant_a):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
        give(tenant_a.store, card, points=250)
        reward = Reward.objects.get(name="Tote bag")
        first = reward_use_online(store=tenant_a.store, customer=card.customer, reward_id=reward.pk)
        again = reward_use_online(store=tenant_a.store, customer=card.customer, reward_id=reward.pk)
        assert again.pk == first.pk
        card.refresh_from_db()
        assert card.points_balance == 150 and ledger_balanced(card)
        # once the code is used, the next request is a new spend
        DiscountCode.objects.filter(pk=first.pk).update(uses=1)
        third = reward_use_online(store=tenant_a.store, customer=card.customer, reward_id=reward.pk)
        assert third.pk != first.pk
        card.refresh_from_db()
        assert card.points_balance == 50 and ledger_balanced(card)
