"""The platform API of loyalty: the directory, the totals and a merchant's settings, for platform
staff only; changes audited and obeyed by the ledger; bad input answered 400."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from apps.core.audit import AuditEvent
from apps.core.errors import ApplicationError
from apps.loyalty import services
from apps.loyalty.models import Program, Reward
from apps.loyalty.platform.models import MerchantLoyaltyPolicy
from apps.loyalty.services.directory import directory_refresh

from ..accounts.test_api import api, token_for
from ..conftest import DOMAIN, PASSWORD
from .factories import card_make, program_make

API = "/api/v1/platform/loyalty/"


def _client(user) -> Client:
    client = Client(HTTP_HOST=DOMAIN)
    client.force_login(user)
    return client


@pytest.fixture
def staff(platform_admin) -> Client:
    return _client(platform_admin)


@pytest.fixture
def listed(tenant_a, tenant_b):
    for tenant, kind in ((tenant_a, Program.Kind.POINTS), (tenant_b, Program.Kind.STAMPS)):
        with tenant:
            program_make(kind, name=f"{tenant.store.code} card")
            card = card_make(tenant.store)
            services.stamp_add(terminal=services.Terminal(store=tenant.store), card=card) if kind == "stamps" else (
                services.points_earn(terminal=services.Terminal(store=tenant.store), card=card, amount=Decimal("3"))
            )
        directory_refresh(merchant=tenant.merchant)
    return tenant_a


def test_the_directory_and_the_totals(listed, staff):
    programs = staff.get(f"{API}programs/")
    assert programs.status_code == 200
    names = [row["name"] for row in programs.json()["results"]]
    assert names == ["ALPHA card", "BETA card"]
    only = staff.get(f"{API}programs/", {"kind": "stamps"}).json()["results"]
    assert [(row["merchant_name"], row["members"]) for row in only] == [("Beta SARL", 1)]
    assert staff.get(f"{API}programs/", {"search": "alpha"}).json()["count"] == 1
    stats = staff.get(f"{API}stats/").json()
    assert (stats["programmes"], stats["members"], stats["transactions_30d"]) == (2, 2, 2)
    assert (stats["points_issued_30d"], stats["stamps_issued_30d"]) == (30, 1)
    assert stats["by_kind"] == {"stamps": 1, "points": 1, "hybrid": 0}


def test_merchant_users_and_anonymous_are_refused(listed, django_user_model):
    path = f"{API}merchants/{listed.merchant.pk}/settings/"
    urls = (f"{API}programs/", f"{API}stats/", path)
    # a merchant's session and token live in its schema: on the platform they sign nobody in
    owner = listed.owner()
    for client in (listed.client(owner, host=DOMAIN), api(listed, token_for(listed, owner.email), host=DOMAIN)):
        for url in urls:
            assert client.get(url).status_code == 401, url
    # a platform account that is not staff: signed in, refused (the owner's e-mail changes nothing)
    for email in ("someone@platform.test", owner.email):
        client = _client(django_user_model.objects.create_user(email=email, password=PASSWORD))
        for url in urls:
            assert client.get(url).status_code == 403, url
        assert client.patch(path, {"voids_allowed": False}, content_type="application/json").status_code == 403
    assert Client(HTTP_HOST=DOMAIN).get(path).status_code == 401
    # the store's own domain has no platform API
    assert listed.client(owner).get(f"{API}stats/").status_code == 404
    assert not MerchantLoyaltyPolicy.objects.exists()


def test_settings_change_is_audited_and_obeyed_at_the_till(listed, staff):
    path = f"{API}merchants/{listed.merchant.pk}/settings/"
    defaults = staff.get(path)
    assert defaults.status_code == 200 and defaults.json()["cross_store_redemption"] is True
    assert not MerchantLoyaltyPolicy.objects.exists()  # reading creates nothing
    changed = staff.patch(path, {"cross_store_redemption": False}, content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["cross_store_redemption"] is False and changed.json()["voids_allowed"] is True
    audit = AuditEvent.objects.get(action="loyalty.policy_update", merchant_id=listed.merchant.pk)
    assert audit.data == {"changes": {"cross_store_redemption": [True, False]}}
    with listed:
        card = card_make(listed.store, email="cross@example.lu")
        services.points_earn(terminal=services.Terminal(store=listed.store), card=card, amount=Decimal("20"))
        reward = Reward.objects.get(name="Tote bag")
        elsewhere = services.Terminal(store=listed.stores["ALPHA2"])
        with pytest.raises(ApplicationError) as refused:
            services.points_redeem(terminal=elsewhere, card=card, reward_id=reward.pk)
        assert refused.value.code == "cross_store_not_allowed"
        services.points_redeem(terminal=services.Terminal(store=listed.store), card=card, reward_id=reward.pk)
    # the same value again changes nothing and writes no audit row
    assert staff.patch(path, {"cross_store_redemption": False}, content_type="application/json").status_code == 200
    assert AuditEvent.objects.filter(action="loyalty.policy_update").count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"voids_allowed": "nope"}, "voids_allowed"),
        ({"voids_allowed": 1}, "voids_allowed"),
        ({"pin_policy": "sometimes"}, "pin_policy"),
        ({"merchant_id": 2}, "merchant_id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_settings_are_refused(listed, staff, body, field):
    response = staff.patch(f"{API}merchants/{listed.merchant.pk}/settings/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["code"] == "invalid" and field in error["fields"] and error["message"]
    assert not MerchantLoyaltyPolicy.objects.exists()


def test_empty_or_unknown_merchant(listed, staff):
    empty = staff.patch(f"{API}merchants/{listed.merchant.pk}/settings/", {}, content_type="application/json")
    assert empty.status_code == 400 and empty.json()["code"] == "invalid"
    missing = staff.patch(f"{API}merchants/999999/settings/", {"voids_allowed": False}, content_type="application/json")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert staff.get(f"{API}merchants/999999/settings/").status_code == 404
