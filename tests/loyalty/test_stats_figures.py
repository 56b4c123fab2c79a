"""The programme's statistics: figures computed from a known set of ledger entries (made through
the services, so the ledger's days are kept), per store and per staff member, the page and the
store API, isolation between merchants and pinned query counts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.errors import NotFound
from apps.core.roles import Role
from apps.loyalty import selectors, services
from apps.loyalty.models import Card, Reward

from ..catalog.store_api import client_for
from .factories import pin_make, program_make

PAGE = "/store/ALPHA/loyalty/stats/"
API = "/api/v1/store/stores/ALPHA/loyalty/stats/"


@pytest.fixture
def ledger(tenant_a):
    """ALPHA: Alice (ALPHA) gives 3 stamps and 250 + 100 points, redeems a tote bag (100 points) and
    voids nothing; Bruno (ALPHA2) gives 1 stamp; the manager adjusts -10 points; three cards, one
    of them without any activity (enrolled, no bonus)."""
    with tenant_a:
        program_make(stamp_cooldown_minutes=0)
        alpha, alpha2 = tenant_a.stores["ALPHA"], tenant_a.stores["ALPHA2"]
        alice = services.Terminal(store=alpha, pin=pin_make(alpha, "Alice"))
        bruno = services.Terminal(store=alpha2, pin=pin_make(alpha2, "Bruno", pin="1234"))
        one = services.card_enrol(store=alpha, email="one@example.lu")
        two = services.card_enrol(store=alpha2, email="two@example.lu")
        services.card_enrol(store=alpha, email="three@example.lu")
        for _i in range(3):
            services.stamp_add(terminal=alice, card=one)
        services.points_earn(terminal=alice, card=one, amount=Decimal("25.00"))
        services.points_earn(terminal=alice, card=two, amount=Decimal("10.00"))
        services.points_redeem(terminal=alice, card=one, reward_id=Reward.objects.get(name="Tote bag").pk)
        services.stamp_add(terminal=bruno, card=two)
        services.card_adjust(terminal=services.Terminal(store=alpha), card=one, points=-10, reason="typo")
    return {"alice": alice, "bruno": bruno}


def test_figures_from_the_ledger_days(tenant_a, ledger):
    with tenant_a:
        result = selectors.stats(store=tenant_a.store, days=30)
        only = selectors.stats(store=tenant_a.store, only_store=True, days=90)
    assert (result.members, result.active_members, result.new_members) == (3, 2, 3)
    totals = result.totals
    assert (totals.stamps_issued, totals.stamps_redeemed) == (4, 0)
    assert (totals.points_issued, totals.points_redeemed, totals.rewards) == (350, 100, 1)
    assert (totals.points_corrected, totals.transactions) == (-10, 8)
    stores = {row.label.split(" ")[0]: row for row in result.stores}
    assert stores["ALPHA"].stamps_issued == 3 and stores["ALPHA"].points_issued == 350
    assert stores["ALPHA2"].stamps_issued == 1 and stores["ALPHA2"].transactions == 1
    staff = {row.label: row for row in result.staff}
    assert set(staff) == {"Alice", "Bruno"}
    assert staff["Alice"].transactions == 6 and staff["Alice"].rewards == 1 and staff["Bruno"].stamps_issued == 1
    assert staff["Bruno"].store_label.startswith("ALPHA2")
    assert result.bucket == "day" and len(result.series) == 30
    assert result.series[-1].stamps_issued == 4 and sum(r.points_issued for r in result.series) == 350
    # one store alone: its members and its entries only; 90 days come in weeks
    assert (
        only.members == 2
        and only.totals.stamps_issued == 3
        and {r.label.split(" ")[0] for r in only.stores} == {"ALPHA"}
    )
    assert only.bucket == "week" and len(only.series) == 13
    assert sum(r.points_issued for r in only.series) == 350


def test_old_entries_fall_out_of_the_period(tenant_a, ledger):
    with tenant_a:
        Card.objects.update(last_activity_at=timezone.now() - timedelta(days=40))
        result = selectors.stats(store=tenant_a.store, days=30)
    assert result.active_members == 0 and result.totals.transactions == 8
    assert selectors.period_clean("365") == 365 and selectors.period_clean("7") == 30


def test_page_shows_figures_tables_and_charts(tenant_a, ledger):
    client = tenant_a.client(tenant_a.member(Role.VIEWER))
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bruno" in html and "ALPHA2" in html and "<svg" in html and "<rect" in html
    assert client.get(PAGE, {"days": "365", "scope": "store"}).context["stats"].bucket == "week"
    assert tenant_a.client(tenant_a.member(Role.CASHIER)).get(PAGE).status_code == 403


def test_page_empty_state(tenant_a):
    with tenant_a:
        program_make()
    response = tenant_a.client(tenant_a.owner()).get(PAGE)
    assert response.status_code == 200 and "Nothing happened in this period yet" in response.content.decode()


def test_api_stats_and_cards(tenant_a, ledger):
    viewer = client_for(tenant_a, Role.VIEWER)
    data = viewer.get(API, {"days": "30"}).json()
    assert data["members"] == 3 and data["totals"]["points_issued"] == 350 and len(data["series"]) == 30
    assert {row["name"] for row in data["staff"]} == {"Alice", "Bruno"}
    assert client_for(tenant_a, Role.CASHIER).get(API).status_code == 403
    cashier = client_for(tenant_a, Role.CASHIER)
    cards = cashier.get("/api/v1/store/stores/ALPHA/loyalty/cards/", {"points_min": "101"}).json()
    assert cards["count"] == 1 and cards["results"][0]["email"] == "one@example.lu"
    bad = cashier.get("/api/v1/store/stores/ALPHA/loyalty/cards/", {"stamps_min": "-1", "sort": "x"})
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"stamps_min", "sort"}


def test_other_merchant_sees_only_its_own(tenant_a, tenant_b, ledger):
    with tenant_a:
        ledger_card_id = Card.objects.order_by("-pk").values_list("pk", flat=True)[0]
    with tenant_b:
        program_make()
        services.card_enrol(store=tenant_b.store, email="beta@example.lu")
        result = selectors.stats(store=tenant_b.store, days=30)
        assert result.members == 1 and result.totals.transactions == 0 and result.staff == []
        with pytest.raises(NotFound):
            selectors.stats(store=tenant_a.store)
        with pytest.raises(NotFound):
            selectors.cards_list(store=tenant_a.store)
        with pytest.raises(NotFound):
            selectors.card_get(store=tenant_b.store, card_id=ledger_card_id)
    owner_b = client_for(tenant_b)
    data = owner_b.get("/api/v1/store/stores/BETA/loyalty/stats/").json()
    assert data["members"] == 1 and data["totals"]["transactions"] == 0
    cards = owner_b.get("/api/v1/store/stores/BETA/loyalty/cards/").json()
    assert [c["email"] for c in cards["results"]] == ["beta@example.lu"]
    assert owner_b.get(API).status_code == 404  # ALPHA is not a store of BETA's merchant
    assert tenant_b.client(tenant_b.owner()).get("/store/BETA/loyalty/stats/").context["stats"].members == 1


def test_stats_query_counts_are_pinned(tenant_a, ledger, queries):
    client = tenant_a.client(tenant_a.owner())
    page = queries.of_get(client, PAGE).count
    api = client_for(tenant_a)
    api.get(API)
    with queries.capture() as captured:
        assert api.get(API).status_code == 200
    with tenant_a:
        for n in range(5):
            card = services.card_enrol(store=tenant_a.store, email=f"more{n}@example.lu")
            services.stamp_add(terminal=ledger["bruno"], card=card)
    assert queries.of_get(client, PAGE).count == page
    with queries.capture() as again:
        api.get(API)
    assert again.count == captured.count
    assert page <= 14, page
