"""The dashboard's setup checklist shows a member only the tasks their role can act on: a cashier
sees none of the owner's setup work."""

from __future__ import annotations

from apps.core.modules import registry
from apps.core.roles import Role

CONTACT = "Add your store&#x27;s contact details"


def dashboard(tenant, user) -> str:
    response = tenant.client(user).get("/store/ALPHA/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_owner_sees_every_task(tenant_a):
    page = dashboard(tenant_a, tenant_a.owner())
    assert "Set up your store" in page
    for task in (CONTACT, "Connect your own domain", "Invite your team", "Add your first product"):
        assert task in page


def test_a_cashier_sees_no_setup_checklist(tenant_a):
    page = dashboard(tenant_a, tenant_a.member(Role.CASHIER))
    assert "Set up your store" not in page
    assert "Invite your team" not in page and "Connect your own domain" not in page
    assert "Add your first product" not in page and CONTACT not in page
    assert "Team members" in page  # the rest of the dashboard is there


def test_an_editor_sees_only_the_catalogue_task(tenant_a):
    page = dashboard(tenant_a, tenant_a.member(Role.EDITOR))
    assert "Add your first product" in page
    assert CONTACT not in page and "Invite your team" not in page and "Connect your own domain" not in page


def test_the_registry_keeps_the_items_a_role_can_act_on(tenant_a):
    enabled = tenant_a.merchant.enabled_modules
    with tenant_a:
        everything = registry.checklist(tenant_a.store, enabled, registry.permissions(Role.OWNER, enabled))
        for role in Role:
            allowed = registry.permissions(role, enabled)
            items = registry.checklist(tenant_a.store, enabled, allowed)
            assert all(item.permission in allowed for item in items), role
            assert {item.key for item in items} == {item.key for item in everything if item.permission in allowed}
        assert registry.checklist(tenant_a.store, enabled, registry.permissions(Role.CASHIER, enabled)) == []
