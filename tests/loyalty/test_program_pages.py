"""Journey 1 on the store pages: create the programme from one store, see it from the other
store of the merchant, change it, add rewards and tiers, upload the logo, create staff PINs and
print the join poster; what each role may do; another merchant sees none of it."""

from __future__ import annotations

import pytest

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.loyalty import signals
from apps.loyalty.models import Program, Reward, StaffPin, Tier
from apps.loyalty.platform.models import MerchantLoyaltyPolicy

from ..catalog.store_api import png, upload
from .factories import pin_make, program_make

SETTINGS = "/store/{code}/loyalty/settings/"


def form_data(**changes) -> dict:
    data = {
        "name": "Coffee card",
        "kind": "stamps",
        "stamps_target": "10",
        "stamps_reward": "A free coffee",
        "points_per_euro": "1",
        "min_redemption_points": "0",
        "expiry_warning_days": "14",
        "welcome_bonus_points": "0",
        "welcome_bonus_stamps": "1",
        "card_colour": "#112233",
        "text_colour": "#FFFFFF",
        "stamp_cooldown_minutes": "15",
        "max_stamps_per_day": "5",
        "pin_required": "on",
        "pin_max_attempts": "5",
        "pin_lockout_minutes": "30",
        "referral_bonus_referrer": "0",
        "referral_bonus_friend": "0",
        "referral_min_order": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_journey_create_from_one_store_see_from_the_other(tenant_a, django_capture_on_commit_callbacks):
    owner = tenant_a.owner()
    client = tenant_a.client(owner)
    start = client.get(SETTINGS.format(code="ALPHA"))
    assert start.status_code == 200
    assert b"Create your loyalty programme" in start.content and b"?kind=points" in start.content
    form = client.get(SETTINGS.format(code="ALPHA") + "?kind=stamps")
    assert b'x-data="loyaltyCardPreview"' in form.content and b"Create the programme" in form.content

    sent = []

    def receiver(sender, merchant_id, **kwargs):
        sent.append(merchant_id)

    signals.program_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(SETTINGS.format(code="ALPHA"), form_data())
    finally:
        signals.program_changed.disconnect(receiver)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sent == [tenant_a.merchant.pk]
    with tenant_a:
        program = Program.objects.get()
        assert (program.name, program.kind, program.text_colour) == ("Coffee card", "stamps", "#ffffff")
        assert AuditEvent.objects.filter(action="loyalty.program_created").exists()

    other = client.get(SETTINGS.format(code="ALPHA2"), HTTP_HOST=tenant_a.stores["ALPHA2"].subdomain)
    assert other.status_code == 200
    assert b"Coffee card" in other.content and b"Print the join poster" in other.content

    # change it: points added
    response = client.post(SETTINGS.format(code="ALPHA"), form_data(kind="hybrid", points_per_euro="10"))
    assert response.status_code == 302
    with tenant_a:
        assert Program.objects.get().points_per_euro == 10

    # rewards and tiers
    assert (
        client.post(SETTINGS.format(code="ALPHA") + "rewards/", {"name": "Mug", "points_cost": "150"}).status_code
        == 302
    )
    with tenant_a:
        mug = Reward.objects.get(name="Mug")
    client.post(SETTINGS.format(code="ALPHA") + f"rewards/{mug.pk}/", {"name": "Big mug", "points_cost": "200"})
    client.post(SETTINGS.format(code="ALPHA") + f"rewards/{mug.pk}/deactivate/")
    assert (
        client.post(
            SETTINGS.format(code="ALPHA") + "tiers/", {"name": "Silver", "threshold": "500", "multiplier": "1.25"}
        ).status_code
        == 302
    )
    again = client.post(
        SETTINGS.format(code="ALPHA") + "tiers/", {"name": "Gold", "threshold": "500", "multiplier": "2"}
    )
    assert again.status_code == 400 and b"Each tier needs its own threshold." in again.content
    with tenant_a:
        mug.refresh_from_db()
        assert (mug.name, mug.points_cost, mug.is_active) == ("Big mug", 200, False)
        assert list(Tier.objects.values_list("name", flat=True)) == ["Silver"]

    # switch off and on
    client.post(SETTINGS.format(code="ALPHA") + "active/", {"active": "0"})
    with tenant_a:
        assert Program.objects.get().is_active is False

    # staff PINs in ALPHA
    pins = SETTINGS.format(code="ALPHA") + "pins/"
    assert client.get(pins).status_code == 200
    assert client.post(pins, {"name": "Alice", "pin": "1234"}).status_code == 302
    with tenant_a:
        alice = StaffPin.objects.get(name="Alice")
        assert alice.store_id == tenant_a.store.pk and alice.pin_hash and "1234" not in alice.pin_hash
    assert b"Alice" in client.get(pins).content


def test_page_validation_messages(tenant_a):
    client = tenant_a.client(tenant_a.owner())
    response = client.post(
        SETTINGS.format(code="ALPHA"), form_data(stamps_target="51", max_stamps_per_day="0", pin_max_attempts="abc")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "less than or equal to 50" in body and "greater than or equal to 1" in body
    assert "Enter a whole number." in body
    response = client.post(SETTINGS.format(code="ALPHA"), form_data(stamps_reward=""))
    assert response.status_code == 400 and "Say what a full stamp card gives" in response.content.decode()
    with tenant_a:
        assert not Program.objects.exists()
        program_make()
    response = client.post(SETTINGS.format(code="ALPHA"), form_data(points_expiry_months="121"))
    assert response.status_code == 400 and "less than or equal to 120" in response.content.decode()
    response = client.post(SETTINGS.format(code="ALPHA"), form_data(card_colour="#000000", text_colour="#000000"))
    assert response.status_code == 400
    assert "The text colour must differ from the card colour." in response.content.decode()
    pins = client.post(SETTINGS.format(code="ALPHA") + "pins/", {"name": "Bob", "pin": "12ab"})
    assert pins.status_code == 400 and "Enter 4 to 6 digits." in pins.content.decode()


def test_image_upload_rejects_non_images_and_keeps_images(tenant_a):
    with tenant_a:
        program_make()
    client = tenant_a.client(tenant_a.owner())
    url = SETTINGS.format(code="ALPHA") + "images/"
    bad = client.post(url, {"logo": upload("logo.png", b"<svg>not a png</svg>")})
    assert bad.status_code == 400 and "not an image we can read" in bad.content.decode()
    small = client.post(url, {"logo": png(size=(10, 10))})
    assert small.status_code == 400 and "from 64 to 2000 pixels" in small.content.decode()
    big = client.post(url, {"logo": upload("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1))})
    assert big.status_code == 400 and "at most 2 MB" in big.content.decode()
    good = client.post(url, {"logo": png(size=(200, 100))})
    assert good.status_code == 302
    with tenant_a:
        logo = Program.objects.get().logo
        assert "loyalty/logos/" in logo.name and logo.name.endswith(".png")
        logo.storage.delete(logo.name)


@pytest.mark.parametrize("role", [Role.CASHIER, Role.VIEWER, Role.EDITOR])
def test_staff_without_manage_cannot_change(tenant_a, role):
    with tenant_a:
        program_make(name="Before")
        pin = pin_make(tenant_a.store)
    client = tenant_a.client(tenant_a.member(role))
    page = client.get(SETTINGS.format(code="ALPHA"))
    assert page.status_code == 200 and b"Only the owner or a manager can change the programme." in page.content
    assert client.post(SETTINGS.format(code="ALPHA"), form_data(name="After")).status_code == 403
    assert client.post(SETTINGS.format(code="ALPHA") + "rewards/", {"name": "X", "points_cost": "5"}).status_code == 403
    assert client.get(SETTINGS.format(code="ALPHA") + "pins/").status_code == 403
    assert client.post(SETTINGS.format(code="ALPHA") + f"pins/{pin.pk}/revoke/").status_code == 403
    with tenant_a:
        assert Program.objects.get().name == "Before"
        assert StaffPin.objects.get(pk=pin.pk).is_active


def test_manager_changes_and_manages_pins(tenant_a):
    with tenant_a:
        program_make(name="Before")
        pin = pin_make(tenant_a.store)
        StaffPin.objects.filter(pk=pin.pk).update(failed_attempts=0, locked_until="2999-01-01T00:00:00Z")
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    assert client.post(SETTINGS.format(code="ALPHA"), form_data(name="After")).status_code == 302
    pins = SETTINGS.format(code="ALPHA") + "pins/"
    assert "Unlock by resetting the PIN." in client.get(pins).content.decode()
    assert client.post(pins + f"{pin.pk}/reset/", {"pin": "987654"}).status_code == 302
    with tenant_a:
        pin.refresh_from_db()
        assert pin.locked_until is None
    assert client.post(pins + f"{pin.pk}/revoke/").status_code == 302
    with tenant_a:
        assert not StaffPin.objects.get(pk=pin.pk).is_active
        assert Program.objects.get().name == "After"


def test_other_merchant_sees_nothing(tenant_a, tenant_b):
    with tenant_a:
        program_make(name="Alpha card")
        pin = pin_make(tenant_a.store, name="Alice")
    b_owner = tenant_b.client(tenant_b.owner())
    page = b_owner.get(SETTINGS.format(code="BETA"))
    assert page.status_code == 200 and b"Alpha card" not in page.content
    assert b"Alice" not in b_owner.get(SETTINGS.format(code="BETA") + "pins/").content
    revoke = b_owner.post(SETTINGS.format(code="BETA") + f"pins/{pin.pk}/revoke/")
    assert revoke.status_code == 404
    # tenant_b's session on tenant_a's host: not a member there
    on_a = b_owner.get(SETTINGS.format(code="ALPHA"), HTTP_HOST=tenant_a.host)
    assert on_a.status_code in (302, 403, 404)
    with tenant_a:
        assert StaffPin.objects.get(pk=pin.pk).is_active


def test_poster_pdf_has_the_join_url(tenant_a):
    with tenant_a:
        program_make(name="Coffee card")
    client = tenant_a.client(tenant_a.owner())
    response = client.get(SETTINGS.format(code="ALPHA") + "poster.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000
    assert f"{tenant_a.store.subdomain}/loyalty/join".encode() in response.content
    assert b"Coffee card" in response.content


def test_poster_without_programme_is_a_clear_404(tenant_a):
    response = tenant_a.client(tenant_a.owner()).get(SETTINGS.format(code="ALPHA") + "poster.pdf")
    assert response.status_code == 404 and b"no loyalty programme yet" in response.content


def test_platform_overrides_show_read_only(tenant_a):
    with tenant_a:
        program_make(pin_required=False)
    MerchantLoyaltyPolicy.objects.create(
        merchant=tenant_a.merchant, pin_policy=MerchantLoyaltyPolicy.PinPolicy.REQUIRED, voids_allowed=False
    )
    body = tenant_a.client(tenant_a.owner()).get(SETTINGS.format(code="ALPHA")).content.decode()
    assert "The staff PIN is always required by the platform." in body
    assert "Voids are switched off by the platform." in body
