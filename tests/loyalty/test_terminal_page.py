"""The terminal page: who may open it, what it gives the script, its empty states and the
navigation entry."""

from __future__ import annotations

from apps.core.roles import Role
from apps.loyalty.models import Program
from apps.loyalty.platform.models import MerchantLoyaltyPolicy

from .factories import pin_make, program_make

URL = "/store/ALPHA/loyalty/terminal"


def test_cashier_opens_the_terminal_with_the_staff_of_this_store_only(tenant_a):
    with tenant_a:
        program_make()
        pin_make(tenant_a.store, name="Alice")
        pin_make(tenant_a.stores["ALPHA2"], name="Bob")
    response = tenant_a.client(tenant_a.member(Role.CASHIER)).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'x-data="loyaltyTerminal"' in html
    assert 'data-api="/api/v1/store/stores/ALPHA/loyalty/"' in html
    assert "Alice" in html and "Bob" not in html
    assert "pin_hash" not in html and "vendor/jsqr/jsQR-1.4.0.js" in html
    assert 'aria-current="page"' in html  # the Terminal tab
    assert 'href="/store/ALPHA/loyalty/terminal"' in html  # the navigation entry


def test_empty_states(tenant_a):
    owner = tenant_a.client(tenant_a.owner())
    assert "No loyalty programme yet" in owner.get(URL).content.decode()
    with tenant_a:
        program_make()
        Program.objects.update(is_active=False)
    assert "switched off" in owner.get(URL).content.decode()


def test_outsiders_cannot_open_it(tenant_a, tenant_b):
    with tenant_a:
        program_make()
    assert tenant_a.client().get(URL).status_code in (302, 403)
    beta_owner = tenant_b.owner()
    assert tenant_a.client(beta_owner).get(URL).status_code in (302, 403, 404)


def test_the_terminal_asks_for_a_pin_when_the_platform_requires_one(tenant_a):
    with tenant_a:
        program_make(pin_required=False)
    client = tenant_a.client(tenant_a.owner())
    page = client.get(f"/store/{tenant_a.store.code}/loyalty/terminal").content.decode()
    assert 'data-pin-required=""' in page
    MerchantLoyaltyPolicy.objects.create(merchant=tenant_a.merchant, pin_policy="required")
    page = client.get(f"/store/{tenant_a.store.code}/loyalty/terminal").content.decode()
    assert 'data-pin-required="1"' in page
