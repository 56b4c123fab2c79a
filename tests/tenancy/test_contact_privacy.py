"""Nothing private is published before the merchant chooses it: a new store's public contact
details start empty (not the owner's login e-mail), the storefront then shows no contact line,
and the settings page invites the merchant to add them."""

from django.test import Client
from django_tenants.utils import tenant_context

from apps.onboarding.services import merchant_signup
from apps.tenancy.models import Store

from ..conftest import PASSWORD


def test_a_new_store_publishes_no_contact_until_the_merchant_sets_one(db):
    merchant, store, owner, _token = merchant_signup(
        company="Delta",
        store_name="Delta Shop",
        store_code="delta",
        owner_name="Dora Delta",
        email="dora.private@delta.lu",
        password=PASSWORD,
        send_welcome=False,
        email_confirmed=True,
        onboarded=True,  # the settings page, not the setup wizard
    )
    store.refresh_from_db()
    assert store.contact_email == "" and store.contact_phone == ""
    assert merchant.contact_email == "dora.private@delta.lu"  # the platform's, never shown publicly

    shop = Client(HTTP_HOST="delta.testserver.local")
    home = shop.get("/").content.decode()
    assert "dora.private@delta.lu" not in home
    assert "mailto:" not in home and "tel:" not in home

    back_office = Client(HTTP_HOST="delta.testserver.local")
    with tenant_context(merchant):
        back_office.force_login(owner)
    settings_page = back_office.get("/store/DELTA/settings/").content.decode()
    assert "How can customers reach you?" in settings_page
    assert "Leave empty to show none." in settings_page

    back_office.post(
        "/store/DELTA/settings/",
        {
            "name": "Delta Shop",
            "contact_email": "hello@delta.lu",
            "contact_phone": "+352 123 456",
            "language": "en",
            "time_zone": "Europe/Luxembourg",
        },
    )
    assert Store.objects.get(code="DELTA").contact_email == "hello@delta.lu"
    home = shop.get("/").content.decode()
    assert 'href="mailto:hello@delta.lu"' in home and "+352 123 456" in home
    assert "dora.private@delta.lu" not in home
    assert "How can customers reach you?" not in back_office.get("/store/DELTA/settings/").content.decode()
