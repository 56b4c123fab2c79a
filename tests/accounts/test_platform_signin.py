"""The platform's sign-in for merchants: an e-mail address in, a link to each of its stores out by
e-mail, the same page for every address, one-time links bound to their store, limits."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from apps.accounts import services, tasks
from apps.accounts.models import LoginHandoff, StoreMembership, User
from apps.core.roles import Role
from apps.tenancy.models import StaffDirectoryEntry

from ..conftest import DOMAIN, PASSWORD

LINK = re.compile(r"http://(?P<host>[a-z0-9.-]+)(?P<path>/store/(?P<code>[A-Z0-9-]+)/signin/[^/\s]+/)")


def ask(email: str, capture, client: Client | None = None, address: str = "192.0.2.1"):
    client = client or Client(HTTP_HOST=DOMAIN)
    with capture(execute=True):
        return client.post("/login/", {"email": email}, REMOTE_ADDR=address)


def links(message) -> dict[str, re.Match]:
    return {m["code"]: m for m in LINK.finditer(message.body)}


def neutral(response, email: str) -> str:
    page = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'(csrfmiddlewaretoken" value=")[^"]+|("X-CSRFToken": ")[^"]+', r"\1\2", page)


def test_the_platform_site_leads_merchants_to_its_sign_in(public_client):
    home = public_client.get("/").content.decode()
    assert 'href="/login/"' in home
    page = public_client.get("/login/").content.decode()
    assert 'href="/signup/"' in page and 'name="email"' in page
    # the stock sign-in and sign-up of platform staff accounts lead to the merchants' pages
    assert public_client.get("/accounts/login/")["Location"] == "/login/"
    assert public_client.get("/accounts/signup/")["Location"] == "/signup/"


def test_known_and_unknown_addresses_get_the_same_page(tenant_a, django_capture_on_commit_callbacks):
    known = ask("Owner@Alpha.test", django_capture_on_commit_callbacks)
    unknown = ask("nobody@alpha.test", django_capture_on_commit_callbacks)
    customer = ask(tenant_a.customer().email, django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == customer.status_code == 200
    assert neutral(known, "owner@alpha.test") == neutral(unknown, "nobody@alpha.test")
    assert neutral(known, "owner@alpha.test") == neutral(customer, "customer@example.lu")
    assert "Check your e-mail" in known.content.decode()
    # only the address with stores got an e-mail (a customer holds no store role)
    assert [m.to for m in mail.outbox] == [["owner@alpha.test"]]


def test_the_e_mail_lists_every_store_of_the_address(tenant_a, tenant_b, django_capture_on_commit_callbacks):
    email = "both@example.lu"
    tenant_a.member(Role.EDITOR, email=email)
    tenant_a.member(Role.CASHIER, email=email, store=tenant_a.stores["ALPHA2"])
    tenant_b.member(Role.MANAGER, email=email)
    ask(email, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    found = links(message)
    assert set(found) == {"ALPHA", "ALPHA2", "BETA"}
    assert found["ALPHA"]["host"] == "alpha.testserver.local"
    assert found["BETA"]["host"] == "beta.testserver.local"
    assert "Alpha (ALPHA)" in message.body and "Beta (BETA)" in message.body
    # and each store's password sign-in with the address filled in
    assert "http://alpha.testserver.local/store/ALPHA/login/?login=both%40example.lu" in message.body
    page = tenant_a.client().get("/store/ALPHA/login/?login=both%40example.lu").content.decode()
    assert 'value="both@example.lu"' in page


def test_the_link_signs_in_once_to_its_store_only(tenant_a, django_capture_on_commit_callbacks):
    owner = tenant_a.owner()
    ask(owner.email, django_capture_on_commit_callbacks)
    found = links(mail.outbox[0])
    alpha, alpha2 = found["ALPHA"]["path"], found["ALPHA2"]["path"]
    browser = tenant_a.client()

    # opening the link signs nobody in (mail scanners open links); pressing the button does
    page = browser.get(alpha)
    assert page.status_code == 200 and owner.email in page.content.decode()
    assert browser.get("/store/ALPHA/").status_code == 302
    signed_in = browser.post(alpha)
    assert signed_in.status_code == 302 and signed_in["Location"] == "/store/ALPHA/"
    assert browser.get("/store/ALPHA/").status_code == 200
    assert settings.LOGIN_LIMITS["DEVICE_COOKIE_NAME"] in browser.cookies

    # once only
    again = tenant_a.client()
    assert again.post(alpha)["Location"] == "/store/ALPHA/login/"
    assert again.get("/store/ALPHA/").status_code == 302
    # bound to its store: ALPHA2's link does not open ALPHA, nor another merchant's domain
    assert tenant_a.client().post(alpha2.replace("ALPHA2", "ALPHA"))["Location"] == "/store/ALPHA/login/"
    on_b = Client(HTTP_HOST="beta.testserver.local").post(alpha2.replace("ALPHA2", "BETA"))
    assert on_b["Location"] == "/store/BETA/login/"
    # and still good on its own store
    other = Client(HTTP_HOST=found["ALPHA2"]["host"])
    assert other.post(alpha2)["Location"] == "/store/ALPHA2/"


def test_the_link_expires(tenant_a, monkeypatch):
    owner = tenant_a.owner()
    with tenant_a:
        token = services.signin_link_create(user=owner, store=tenant_a.store)
    later = signing.time.time() + services.SIGNIN_LINK_SECONDS + 1
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = tenant_a.client().get(f"/store/ALPHA/signin/{token}/", follow=True)
    assert "This sign-in link has expired or was already used" in response.content.decode()


def test_records_of_links_that_can_no_longer_be_used_are_purged(tenant_a):
    owner = tenant_a.owner()
    with tenant_a:
        LoginHandoff.objects.all().delete()  # what earlier tests of the module left
        used = services.signin_link_create(user=owner, store=tenant_a.store)
        services.signin_link_create(user=owner, store=tenant_a.store)  # old, never used
        services.signin_link_create(user=owner, store=tenant_a.store)  # fresh: must stay
        used_row, old_row, fresh_row = LoginHandoff.objects.order_by("pk")
        LoginHandoff.objects.filter(pk=old_row.pk).update(
            created_at=timezone.now() - timedelta(seconds=services.SIGNIN_LINK_SECONDS + 1)
        )
    assert tenant_a.client().post(f"/store/ALPHA/signin/{used}/")["Location"] == "/store/ALPHA/"

    assert tasks.login_links_purge() == 2  # the beat task, from the public schema

    with tenant_a:
        assert list(LoginHandoff.objects.values_list("pk", flat=True)) == [fresh_row.pk]


def test_a_link_of_someone_no_longer_on_the_team_opens_nothing(tenant_a, django_capture_on_commit_callbacks):
    editor = tenant_a.member(Role.EDITOR, email="leaving@alpha.test")
    with tenant_a:
        token = services.signin_link_create(user=editor, store=tenant_a.store)
        StoreMembership.objects.filter(user=editor).delete()
    assert tenant_a.client().post(f"/store/ALPHA/signin/{token}/")["Location"] == "/store/ALPHA/login/"
    # and the directory forgot the address
    ask(editor.email, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_directory_follows_memberships_and_addresses(tenant_a):
    editor = tenant_a.member(Role.EDITOR, email="follow@alpha.test")
    entries = StaffDirectoryEntry.objects.filter(merchant=tenant_a.merchant, user_id=editor.pk)
    assert list(entries.values_list("email", "store_id")) == [("follow@alpha.test", tenant_a.store.id)]
    with tenant_a:
        editor.email = "moved@alpha.test"
        editor.save()
    assert list(entries.values_list("email", flat=True)) == ["moved@alpha.test"]
    with tenant_a:
        User.objects.filter(pk=editor.pk).delete()
    assert not entries.exists()


def test_inactive_accounts_get_no_link(tenant_a, django_capture_on_commit_callbacks):
    editor = tenant_a.member(Role.EDITOR, email="gone@alpha.test")
    with tenant_a:
        User.objects.filter(pk=editor.pk).update(is_active=False)
    ask(editor.email, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_e_mail_is_in_the_accounts_language(tenant_a, monkeypatch, django_capture_on_commit_callbacks):
    editor = tenant_a.member(Role.EDITOR, email="francais@alpha.test")
    with tenant_a:
        User.objects.filter(pk=editor.pk).update(language="fr")
    languages = []
    render = tasks.render_to_string

    def rendering(*args, **kwargs):
        languages.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(tasks, "render_to_string", rendering)
    german = Client(HTTP_HOST=DOMAIN, HTTP_ACCEPT_LANGUAGE="de")
    ask(editor.email, django_capture_on_commit_callbacks, client=german)
    assert languages == ["fr", "fr"]
    # without a language of its own, in the one the request was made in
    languages.clear()
    ask("owner@beta.test", django_capture_on_commit_callbacks, client=german)
    assert languages == ["de", "de"]


@pytest.mark.parametrize("per", ["address", "e-mail"])
def test_requests_are_limited_per_address_and_per_e_mail(db, per, django_capture_on_commit_callbacks):
    limits = settings.LOGIN_LIMITS
    allowed = limits["LINK_ADDRESS_REQUESTS"] if per == "address" else limits["LINK_EMAIL_REQUESTS"]

    def one(number: int):
        email = f"someone-{number}@example.lu" if per == "address" else "someone@example.lu"
        address = "192.0.2.7" if per == "address" else f"192.0.2.{number + 10}"
        return ask(email, django_capture_on_commit_callbacks, address=address)

    assert all(one(number).status_code == 200 for number in range(allowed))
    refused = one(allowed)
    assert refused.status_code == 429
    assert "Too many sign-in links were asked for. Try again in about" in refused.content.decode()
    # alike for addresses with stores and without
    assert ask("owner@alpha.test", django_capture_on_commit_callbacks, address="192.0.2.7").status_code == (
        429 if per == "address" else 200
    )


def test_a_bad_address_is_a_form_error(public_client):
    response = public_client.post("/login/", {"email": "not-an-address"})
    assert response.status_code == 200 and "Enter a valid email address." in response.content.decode()


def test_the_password_still_works_on_the_store(tenant_a):
    response = tenant_a.client().post("/store/ALPHA/login/", {"login": "owner@alpha.test", "password": PASSWORD})
    assert response.status_code == 302


def test_the_migration_fills_the_directory_from_every_merchants_memberships(tenant_a, tenant_b):
    fill = importlib.import_module("apps.tenancy.migrations.0004_staff_directory_fill").fill
    before = sorted(StaffDirectoryEntry.objects.values_list("merchant_id", "store_id", "user_id", "email"))
    assert ("owner@beta.test", tenant_b.store.id) in {(e, s) for _m, s, _u, e in before}
    StaffDirectoryEntry.objects.all().delete()
    fill(django_apps, SimpleNamespace(connection=connection))
    assert sorted(StaffDirectoryEntry.objects.values_list("merchant_id", "store_id", "user_id", "email")) == before
