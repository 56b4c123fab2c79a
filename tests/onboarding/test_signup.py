import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import schema_exists, tenant_context

import apps.accounts.services as account_services
from apps.accounts.models import StoreMembership, User
from apps.core.errors import ValidationFailed
from apps.onboarding.services import merchant_signup
from apps.tenancy.models import Domain, Merchant, Store

from ..conftest import PASSWORD

GOOD = {
    "company": "Gamma S.à r.l.",
    "store_name": "Gamma Shop",
    "store_code": "gamma",
    "owner_name": "Gina Gamma",
    "email": "Gina@Gamma.lu",
    "password": PASSWORD,
}


def test_signup_creates_store_owner_and_confirmation_mail(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        merchant, store, owner, token = merchant_signup(**GOOD)

    assert store.code == "GAMMA"
    assert schema_exists(merchant.schema_name)
    assert Domain.objects.get(store=store).domain == "gamma.testserver.local"
    with tenant_context(merchant):
        owner = User.objects.get(email="gina@gamma.lu")
        assert owner.check_password(PASSWORD)
        assert StoreMembership.objects.get(user=owner).role == "owner"
    # the e-mail that confirms the owner's address (and opens the store, see
    # tests/security/test_signup_abuse.py) went out from a task running in the merchant's schema
    assert not merchant.is_confirmed
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["gina@gamma.lu"]
    assert "http://gamma.testserver.local/store/GAMMA/confirm/" in mail.outbox[0].body
    assert "http://gamma.testserver.local/store/GAMMA/" in mail.outbox[0].body


def test_a_signup_the_platform_vouches_for_is_open_and_welcomed(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        merchant, store, owner, token = merchant_signup(**GOOD, email_confirmed=True)
    assert merchant.is_confirmed
    assert len(mail.outbox) == 1
    assert "is live" in mail.outbox[0].body and "/confirm/" not in mail.outbox[0].body
    assert mail.outbox[0].from_email.startswith("Gamma Shop <")


def test_signup_page_lands_owner_logged_in_on_store_domain(public_client):
    response = public_client.post("/signup/", {**GOOD, "language": "fr"})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("http://gamma.testserver.local/store/GAMMA/welcome/")

    store_client = Client(HTTP_HOST="gamma.testserver.local")
    landed = store_client.get(location.split("testserver.local", 1)[1], follow=True)
    assert landed.status_code == 200
    # a new store lands on its setup wizard (the dashboard is gated until it is done), in French
    assert landed.redirect_chain[-1][0] == "/store/GAMMA/onboarding/"
    assert b'<progress class="progress"' in landed.content
    assert b'lang="fr"' in landed.content
    # the link works once only
    again = Client(HTTP_HOST="gamma.testserver.local").get(location.split("testserver.local", 1)[1])
    assert again.status_code == 302
    assert again["Location"] == "/store/GAMMA/login/"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("store_code", "www", "store_code_reserved"),
        ("store_code", "admin", "store_code_reserved"),
        ("store_code", "api", "store_code_reserved"),
        ("store_code", "ALPHA", "store_code_taken"),
        ("store_code", "-bad-", "store_code_malformed"),
        ("store_code", "has space", "store_code_malformed"),
        ("store_code", "x", "store_code_malformed"),
        ("store_code", "ü-store", "store_code_malformed"),
        ("store_code", "a" * 31, "store_code_malformed"),
        ("email", "not-an-email", "email_invalid"),
        ("password", "12345678", "password_weak"),
        ("password", "short", "password_weak"),
    ],
)
def test_signup_rejects_bad_input_and_creates_nothing(tenant_a, field, value, code):
    before = (Merchant.objects.count(), Store.objects.count(), Domain.objects.count())
    with pytest.raises(ValidationFailed) as excinfo:
        merchant_signup(**{**GOOD, field: value})
    assert excinfo.value.code == code
    assert field in excinfo.value.fields
    assert (Merchant.objects.count(), Store.objects.count(), Domain.objects.count()) == before


def test_signup_page_shows_field_errors(public_client):
    response = public_client.post("/signup/", {**GOOD, "language": "en", "store_code": "www", "password": "123"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "This store code is reserved." in content
    assert "This password is too short." in content


def test_failed_signup_leaves_no_schema_store_or_user(db, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(account_services, "handoff_create", explode)
    with pytest.raises(RuntimeError):
        merchant_signup(**GOOD)
    assert not schema_exists("m_gamma")
    assert not Merchant.objects.filter(schema_name="m_gamma").exists()
    assert not Store.objects.filter(code="GAMMA").exists()
    assert not Domain.objects.filter(domain__startswith="gamma.").exists()
    # and the code is free for the next try
    monkeypatch.undo()
    merchant, store, owner, token = merchant_signup(**GOOD)
    assert store.code == "GAMMA"


def test_signup_form_is_rate_limited_by_allauth_not_blocked_for_normal_use(public_client):
    assert public_client.get("/signup/").status_code == 200
