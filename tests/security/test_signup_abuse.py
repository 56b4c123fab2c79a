"""Merchant signup abuse: each signup creates a PostgreSQL schema, and 8-11 merchants were opened
from one address in seconds. Signups are limited per client address (read past the trusted
proxies as every limit reads it), a new store is not public until its owner confirms their
e-mail address (the back office works, with a banner that resends the link), and signups nobody
confirms are deleted, schema and all, by a beat task."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_exists, tenant_context

from apps.accounts.models import User
from apps.core.models import AuditEvent
from apps.onboarding.services import merchant_signup, signup_confirmation_token
from apps.onboarding.tasks import signups_purge_unconfirmed
from apps.tenancy.models import Domain, Merchant, Store

from ..conftest import PASSWORD


def _form(code: str, **extra) -> dict:
    return {
        "company": f"{code} S.A.",
        "store_name": f"{code.title()} Shop",
        "store_code": code,
        "owner_name": "Olga Owner",
        "email": f"olga@{code}.lu",
        "password": PASSWORD,
        "language": "en",
        **extra,
    }


def _signup(code: str, **extra) -> tuple[Merchant, Store]:
    merchant, store, _owner, _token = merchant_signup(
        company=f"{code} S.A.",
        store_name=f"{code.title()} Shop",
        store_code=code,
        owner_name="Olga Owner",
        email=f"olga@{code}.lu",
        password=PASSWORD,
        **extra,
    )
    return merchant, store


# --- The limit per address ------------------------------------------------------------------------


def test_signups_from_one_address_are_limited_with_a_clear_retry_time(public_client, settings):
    settings.SIGNUP_LIMIT_PER_ADDRESS = 2
    flood = {"REMOTE_ADDR": "203.0.113.5"}
    assert public_client.post("/signup/", _form("flood1"), **flood).status_code == 302
    assert public_client.post("/signup/", _form("flood2"), **flood).status_code == 302
    refused = public_client.post("/signup/", _form("flood3"), **flood)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many stores were opened from your network" in page
    assert re.search(r"try again in \d+", page)
    assert not Merchant.objects.filter(schema_name="m_flood3").exists()
    assert not schema_exists("m_flood3")
    # another address is not held up
    assert public_client.post("/signup/", _form("other1"), REMOTE_ADDR="198.51.100.7").status_code == 302


def test_failed_signups_do_not_use_up_the_limit(public_client, settings):
    settings.SIGNUP_LIMIT_PER_ADDRESS = 1
    typo = public_client.post("/signup/", _form("typo", password="123"), REMOTE_ADDR="203.0.113.6")
    assert typo.status_code == 200 and "This password is too short." in typo.content.decode()
    assert public_client.post("/signup/", _form("typo"), REMOTE_ADDR="203.0.113.6").status_code == 302


def test_the_limit_counts_the_client_behind_trusted_proxies(public_client, settings):
    settings.SIGNUP_LIMIT_PER_ADDRESS = 1
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert (
        public_client.post("/signup/", _form("prox1"), HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 302
    )
    again = public_client.post("/signup/", _form("prox2"), HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert again.status_code == 429
    # another client behind the same proxy is counted on its own
    assert (
        public_client.post("/signup/", _form("prox3"), HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy).status_code == 302
    )


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(public_client, settings):
    settings.SIGNUP_LIMIT_PER_ADDRESS = 1
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    direct = {"REMOTE_ADDR": "203.0.113.11"}
    assert public_client.post("/signup/", _form("forge1"), HTTP_X_FORWARDED_FOR="1.1.1.1", **direct).status_code == 302
    forged = public_client.post("/signup/", _form("forge2"), HTTP_X_FORWARDED_FOR="2.2.2.2", **direct)
    assert forged.status_code == 429


# --- Not public until the owner confirms ------------------------------------------------------------


def _handoff(location: str) -> Client:
    """The owner's browser on the store's domain, signed in through the link signup sends it to."""
    host, path = location.removeprefix("http://").split("/", 1)
    browser = Client(HTTP_HOST=host)
    assert browser.get("/" + path).status_code == 302
    return browser


def test_a_new_store_is_not_public_until_its_owner_confirms(public_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = public_client.post("/signup/", _form("soon", language="fr"), REMOTE_ADDR="203.0.113.20")
    assert response.status_code == 302
    merchant = Merchant.objects.get(schema_name="m_soon")
    assert not merchant.is_confirmed

    # the owner got the confirmation, from the store, in the store's language
    (message,) = mail.outbox
    assert message.to == ["olga@soon.lu"]
    assert message.from_email.startswith("Soon Shop <")
    assert "Soon Shop" in message.subject
    assert "Votre back-office" in message.body
    link = re.search(r"http://soon\.testserver\.local(/store/SOON/confirm/\S+/)", message.body)[1]

    # the public sees no storefront, page or API, and cannot sign up as a customer
    visitor = Client(HTTP_HOST="soon.testserver.local")
    home = visitor.get("/")
    assert home.status_code == 404 and "Ouverture prochaine" in home.content.decode()  # "Opening soon"
    assert visitor.get("/search/").status_code == 404
    assert visitor.get("/sitemap.xml").status_code == 404
    api = visitor.get("/api/v1/storefront/catalog/products/")
    assert api.status_code == 404 and api.json()["code"] == "store_not_open"
    assert b'name="password1"' not in visitor.get("/accounts/signup/").content  # sign-up closed

    # the owner sets up the store (the setup wizard first), sees why it is not public, previews it
    owner = _handoff(response["Location"])
    wizard = owner.get("/store/SOON/", follow=True)
    assert wizard.redirect_chain[-1][0] == "/store/SOON/onboarding/"
    page = wizard.content.decode()
    assert "Votre boutique n’est pas encore publique" in page and "Renvoyer la confirmation" in page
    assert owner.get("/").status_code == 200

    # and may ask for the link again, not in a loop
    with django_capture_on_commit_callbacks(execute=True):
        owner.post("/store/SOON/confirm/resend/")
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        too_soon = owner.post("/store/SOON/confirm/resend/", follow=True)
    assert len(mail.outbox) == 2 and "Nous venons de vous envoyer un lien" in too_soon.content.decode()

    # a link for another merchant or account does not confirm
    with tenant_context(merchant):
        user = User.objects.get(email="olga@soon.lu")
    forged = signup_confirmation_token(merchant_id=merchant.pk + 1000, user=user)
    owner.get(f"/store/SOON/confirm/{forged}/")
    assert not Merchant.objects.get(pk=merchant.pk).is_confirmed

    # the link opens the store
    confirmed = owner.get(link, follow=True)
    assert "votre boutique est ouverte à vos" in confirmed.content.decode()
    assert Merchant.objects.get(pk=merchant.pk).is_confirmed
    assert "Votre boutique n’est pas encore publique" not in owner.get("/store/SOON/", follow=True).content.decode()
    assert visitor.get("/").status_code == 200
    assert visitor.get("/api/v1/storefront/catalog/products/").status_code == 200
    with tenant_context(merchant):
        assert user.emailaddress_set.get().verified


def test_the_confirmation_link_needs_the_owner_signed_in(db):
    merchant, store = _signup("gate", send_welcome=False)
    with tenant_context(merchant):
        user = User.objects.get(email="olga@gate.lu")
    token = signup_confirmation_token(merchant_id=merchant.pk, user=user)
    response = Client(HTTP_HOST="gate.testserver.local").get(f"/store/GATE/confirm/{token}/")
    assert response.status_code == 302 and response["Location"].startswith("/store/GATE/login/")
    assert not Merchant.objects.get(pk=merchant.pk).is_confirmed


# --- Cleanup ---------------------------------------------------------------------------------------


def _purge() -> int:
    """Run the beat task. The signups above were made in this test's own transaction, so their
    deferred foreign-key checks are still pending; a real signup committed days before."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return signups_purge_unconfirmed.delay().get()


def test_unconfirmed_signups_are_deleted_after_the_set_days(db, settings, django_capture_on_commit_callbacks):
    settings.SIGNUP_CONFIRM_DAYS = 7
    stale, _store = _signup("stale", send_welcome=False)
    picture = default_storage.save("m_stale/catalog/1/2/abc/original.jpg", ContentFile(b"jpeg"))
    other = default_storage.save("m_young/catalog/1/2/abc/original.jpg", ContentFile(b"jpeg"))
    young, _store = _signup("young", send_welcome=False)
    kept, _store = _signup("kept", send_welcome=False, email_confirmed=True)
    long_ago = timezone.now() - timedelta(days=7, minutes=1)
    Merchant.objects.filter(pk__in=[stale.pk, kept.pk]).update(created_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        assert _purge() == 1

    assert not Merchant.objects.filter(pk=stale.pk).exists()
    assert not default_storage.exists(picture)  # its files went with it
    assert default_storage.exists(other)  # and nobody else's
    assert not schema_exists("m_stale")  # and the owner's account with it: users live in the schema
    assert not Store.objects.filter(code="STALE").exists()
    assert not Domain.objects.filter(domain="stale.testserver.local").exists()
    assert AuditEvent.objects.filter(action="merchant.purge_unconfirmed", merchant_id=stale.pk).exists()
    assert Merchant.objects.filter(pk__in=[young.pk, kept.pk]).count() == 2
    assert schema_exists("m_young") and schema_exists("m_kept")
    # the code is free again
    _signup("stale", send_welcome=False)


def test_the_cleanup_runs_on_beat(settings):
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("signups_purge_unconfirmed"))
    assert entry["task"] == "apps.onboarding.tasks.signups_purge_unconfirmed"
    assert entry["schedule"] <= 24 * 60 * 60


@pytest.mark.parametrize("days", [1, 30])
def test_the_confirmation_window_follows_the_setting(db, settings, days):
    settings.SIGNUP_CONFIRM_DAYS = days
    merchant, _store = _signup(f"win{days}", send_welcome=False)
    Merchant.objects.filter(pk=merchant.pk).update(created_at=timezone.now() - timedelta(days=days, hours=-1))
    _purge()
    assert Merchant.objects.filter(pk=merchant.pk).exists()
    Merchant.objects.filter(pk=merchant.pk).update(created_at=timezone.now() - timedelta(days=days, hours=1))
    _purge()
    assert not Merchant.objects.filter(pk=merchant.pk).exists()
