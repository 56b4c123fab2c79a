"""Journey 1 through the store API: the programme, its rewards and tiers; validation answers 400
naming the fields; roles; another merchant's token reaches none of it."""

from __future__ import annotations

import pytest

from apps.core.roles import Role
from apps.loyalty.models import Program, Reward

from ..catalog.store_api import client_for, png, upload
from .factories import program_make

A = "/api/v1/store/stores/ALPHA/loyalty"
A2 = "/api/v1/store/stores/ALPHA2/loyalty"
JSON = "application/json"


def test_program_api_flow(tenant_a):
    api = client_for(tenant_a)
    missing = api.get(f"{A}/program/")
    assert missing.status_code == 404 and missing.json()["code"] == "loyalty_no_program"
    assert api.get(f"{A}/rewards/").json()["code"] == "loyalty_no_program"

    created = api.post(
        f"{A}/program/", {"name": "Points card", "kind": "points", "points_per_euro": "10"}, content_type=JSON
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["kind"] == "points" and body["points_per_euro"] == "10.00" and body["rewards"] == []
    assert body["stamp_cooldown_minutes"] == 15 and body["max_stamps_per_day"] == 5
    again = api.post(f"{A}/program/", {"name": "Twice"}, content_type=JSON)
    assert again.status_code == 409 and again.json()["code"] == "loyalty_program_exists"

    # the same programme from the merchant's other store, changed there
    changed = api.patch(
        f"{A2}/program/", {"kind": "hybrid", "stamps_reward": "A free coffee", "is_active": False}, content_type=JSON
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["kind"] == "hybrid" and changed.json()["is_active"] is False

    reward = api.post(
        f"{A}/rewards/", {"name": "Tote bag", "points_cost": 100, "online_value": "5.00"}, content_type=JSON
    )
    assert reward.status_code == 201, reward.json()
    reward_id = reward.json()["id"]
    assert api.patch(f"{A}/rewards/{reward_id}/", {"points_cost": 120}, content_type=JSON).json()["points_cost"] == 120
    assert api.delete(f"{A}/rewards/{reward_id}/").json()["is_active"] is False
    assert api.patch(f"{A}/rewards/999999/", {"points_cost": 1}, content_type=JSON).status_code == 404

    tier = api.post(f"{A}/tiers/", {"name": "Silver", "threshold": 500, "multiplier": "1.5"}, content_type=JSON)
    assert tier.status_code == 201
    duplicate = api.post(f"{A}/tiers/", {"name": "Gold", "threshold": 500, "multiplier": "2"}, content_type=JSON)
    assert duplicate.status_code == 400 and "threshold" in duplicate.json()["fields"]
    tier_id = tier.json()["id"]
    assert api.patch(f"{A}/tiers/{tier_id}/", {"name": "Argent"}, content_type=JSON).json()["name"] == "Argent"

    full = api.get(f"{A2}/program/").json()
    assert [r["name"] for r in full["rewards"]] == ["Tote bag"] and [t["name"] for t in full["tiers"]] == ["Argent"]
    assert api.delete(f"{A}/tiers/{tier_id}/").status_code == 204
    assert api.get(f"{A}/tiers/").json() == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"stamps_target": 0}, "stamps_target"),
        ({"stamps_target": 51}, "stamps_target"),
        ({"points_per_euro": "-1"}, "points_per_euro"),
        ({"card_colour": "red"}, "card_colour"),
        ({"text_colour": "#12345"}, "text_colour"),
        ({"stamp_cooldown_minutes": 1441}, "stamp_cooldown_minutes"),
        ({"max_stamps_per_day": 0}, "max_stamps_per_day"),
        ({"max_stamps_per_day": 101}, "max_stamps_per_day"),
        ({"pin_max_attempts": 21}, "pin_max_attempts"),
        ({"pin_lockout_minutes": 0}, "pin_lockout_minutes"),
        ({"points_expiry_months": 121}, "points_expiry_months"),
        ({"points_expiry_months": 0}, "points_expiry_months"),
        ({"kind": "coins"}, "kind"),
        ({"name": ""}, "name"),
        ({"stamps_reward": ""}, "stamps_reward"),
        (
            {"referrals_enabled": True, "referral_bonus_friend": 0, "referral_bonus_referrer": 0},
            "referral_bonus_friend",
        ),
        ({"stamps_target": "1e3"}, "stamps_target"),
    ],
)
def test_program_validation_names_the_field(tenant_a, payload, field):
    with tenant_a:
        program_make(kind=Program.Kind.HYBRID, name="Kept")
    response = client_for(tenant_a).patch(f"{A}/program/", payload, content_type=JSON)
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"], response.json()
    with tenant_a:
        assert Program.objects.get().name == "Kept"


def test_reward_validation(tenant_a):
    with tenant_a:
        program_make()
    api = client_for(tenant_a)
    zero = api.post(f"{A}/rewards/", {"name": "Free", "points_cost": 0}, content_type=JSON)
    assert zero.status_code == 400 and "points_cost" in zero.json()["fields"]
    nameless = api.post(f"{A}/rewards/", {"points_cost": 10}, content_type=JSON)
    assert nameless.status_code == 400 and "name" in nameless.json()["fields"]
    multiplier = api.post(f"{A}/tiers/", {"name": "Gold", "threshold": 10, "multiplier": "11"}, content_type=JSON)
    assert multiplier.status_code == 400 and "multiplier" in multiplier.json()["fields"]


@pytest.mark.parametrize("role", [Role.CASHIER, Role.VIEWER, Role.EDITOR])
def test_only_managers_change(tenant_a, role):
    with tenant_a:
        program_make(name="Kept")
        reward = Reward.objects.get()
    api = client_for(tenant_a, role)
    assert api.get(f"{A}/program/").status_code == 200
    assert api.patch(f"{A}/program/", {"name": "Changed"}, content_type=JSON).status_code == 403
    assert api.post(f"{A}/rewards/", {"name": "X", "points_cost": 5}, content_type=JSON).status_code == 403
    assert api.delete(f"{A}/rewards/{reward.pk}/").status_code == 403
    manager = client_for(tenant_a, Role.MANAGER)
    assert manager.patch(f"{A}/program/", {"name": "Changed"}, content_type=JSON).status_code == 200


def test_other_merchant_token_reaches_nothing(tenant_a, tenant_b):
    with tenant_a:
        program_make(name="Alpha card")
        reward = Reward.objects.get()
    b_api = client_for(tenant_b)
    # tenant_b's own store answers its own (missing) programme
    assert b_api.get("/api/v1/store/stores/BETA/loyalty/program/").json()["code"] == "loyalty_no_program"
    # tenant_a's store code on tenant_b's domain: not a store of this merchant
    assert b_api.get(f"{A}/program/").status_code == 404
    assert b_api.delete(f"/api/v1/store/stores/BETA/loyalty/rewards/{reward.pk}/").status_code == 404
    # tenant_b's token on tenant_a's domain
    on_a = client_for(tenant_b)
    on_a.defaults["HTTP_HOST"] = tenant_a.host
    assert on_a.get(f"{A}/program/").status_code in (401, 403)
    assert on_a.patch(f"{A}/program/", {"name": "Taken"}, content_type=JSON).status_code in (401, 403)
    with tenant_a:
        assert Program.objects.get().name == "Alpha card" and Reward.objects.get().is_active


def test_schema_documents_the_programme_api(tenant_a):
    response = tenant_a.client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    operations = {op["operationId"] for path in response.json()["paths"].values() for op in path.values()}
    for name in ("get", "create", "update", "rewards_list", "rewards_create", "reward_update", "reward_deactivate"):
        assert f"loyalty_program_{name}" in operations
    for name in ("tiers_list", "tiers_create", "tier_update", "tier_delete", "logo_set", "hero_image_remove"):
        assert f"loyalty_program_{name}" in operations


def test_program_get_query_count_stays_flat(tenant_a, queries):
    with tenant_a:
        program_make()
    api = client_for(tenant_a)
    small = queries.of_get(api, f"{A}/program/")
    for i in range(10):
        api.post(f"{A}/rewards/", {"name": f"Reward {i}", "points_cost": 10 + i}, content_type=JSON)
        api.post(f"{A}/tiers/", {"name": f"Tier {i}", "threshold": 100 * (i + 1)}, content_type=JSON)
    big = queries.of_get(api, f"{A}/program/")
    assert small.count == big.count, big.sql


def test_logo_upload_checks_the_content(tenant_a):
    with tenant_a:
        program_make()
    api = client_for(tenant_a)
    bad = api.post(f"{A}/program/logo/", {"image": upload("logo.png", b"GIF89a not really")})
    assert bad.status_code == 400 and bad.json()["code"] == "image_invalid" and "logo" in bad.json()["fields"]
    good = api.post(f"{A}/program/hero-image/", {"image": png(size=(640, 320))})
    assert good.status_code == 200 and "loyalty/heroes/" in good.json()["hero_image"]
    assert api.delete(f"{A}/program/hero-image/").json()["hero_image"] is None
    assert client_for(tenant_a, Role.CASHIER).post(f"{A}/program/logo/", {"image": png((80, 80))}).status_code == 403
