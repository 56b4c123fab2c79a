"""The shells every later app fills: admin, back office, storefront, allauth on every domain."""

import json
import subprocess
import sys

import pytest
from django.core import mail
from django.test import Client

from apps.accounts.models import User
from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.tenancy.models import Domain, Store
from apps.tenancy.services import domain_add

from ..conftest import PASSWORD


def test_customer_signup_login_logout_on_store_domain(tenant_a):
    client = tenant_a.client()
    response = client.post(
        "/accounts/signup/",
        {
            "email": "New@Customer.lu",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "full_name": "New Customer",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    with tenant_a:
        user = User.objects.get(email__iexact="new@customer.lu")
        assert user.full_name == "New Customer"
        assert not user.memberships.exists()
    assert any("new@customer.lu" in m.to[0].lower() for m in mail.outbox)  # e-mail confirmation
    assert client.get("/account/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/account/").status_code == 302
    login = client.post("/accounts/login/", {"login": "new@customer.lu", "password": PASSWORD})
    assert login.status_code == 302
    assert client.get("/account/").status_code == 200


def test_signup_is_closed_on_platform_domain(public_client):
    response = public_client.get("/accounts/signup/")
    assert b"Sign Up Closed" in response.content or response.status_code in (302, 403)


def test_password_reset_mail_links_to_the_store_domain(tenant_a):
    customer = tenant_a.customer()
    tenant_a.client().post("/accounts/password/reset/", {"email": customer.email})
    assert len(mail.outbox) == 1
    assert "http://alpha.testserver.local/accounts/password/reset/key/" in mail.outbox[0].body


def test_login_is_rate_limited(tenant_a):
    client = tenant_a.client()
    pages = [
        client.post("/accounts/login/", {"login": "owner@alpha.test", "password": "wrong"}).content for _ in range(7)
    ]
    assert b"Too many failed login attempts" not in pages[0]
    assert b"Too many failed login attempts" in pages[-1]
    # even the right password is refused until the window passes
    right = client.post("/accounts/login/", {"login": "owner@alpha.test", "password": PASSWORD})
    assert right.status_code == 200


def test_store_login_lands_on_dashboard(tenant_a):
    response = tenant_a.client().post("/store/ALPHA/login/", {"login": "owner@alpha.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/store/ALPHA/"


def test_dashboard_shows_checklist_from_modules(tenant_a):
    page = tenant_a.client(tenant_a.owner()).get("/store/ALPHA/").content.decode()
    assert "Add your store&#x27;s contact details" in page or "Add your store's contact details" in page
    assert "Invite your team" in page
    assert "Connect your own domain" in page
    assert '<progress class="progress"' in page


def test_store_settings_update_and_audit(tenant_a):
    client = tenant_a.client(tenant_a.owner())
    response = client.post(
        "/store/ALPHA/settings/",
        {
            "name": "Alpha Deluxe",
            "tagline": "",
            "contact_email": "hi@alpha.lu",
            "contact_phone": "+352 123",
            "address": "1 Rue X, Luxembourg",
            "language": "fr",
            "time_zone": "Europe/Luxembourg",
        },
    )
    assert response.status_code == 302
    tenant_a.store.refresh_from_db()
    assert tenant_a.store.name == "Alpha Deluxe"
    event = AuditEvent.objects.filter(action="store.update").latest("created_at")
    assert event.actor_email == "owner@alpha.test" and event.store_id == tenant_a.store.id
    bad = client.post("/store/ALPHA/settings/", {"name": "", "language": "xx", "time_zone": "Mars/Base"})
    assert bad.status_code == 200
    assert bad.content.count(b"field has-error") == 3  # name, language, time zone


def test_viewer_sees_navigation_without_settings(tenant_a):
    viewer = tenant_a.member(Role.VIEWER)
    page = tenant_a.client(viewer).get("/store/ALPHA/").content
    assert b"/store/ALPHA/team/" in page
    assert b"/store/ALPHA/settings/" not in page


def test_admin_pages_for_platform_staff(tenant_a, platform_admin):
    client = Client(HTTP_HOST="testserver.local")
    client.force_login(platform_admin)
    for path in [
        "/admin/",
        "/admin/tenancy/merchant/",
        "/admin/tenancy/store/",
        "/admin/tenancy/domain/",
        "/admin/accounts/user/",
        "/admin/core/auditevent/",
        "/admin/accounts/user/add/",
    ]:
        assert client.get(path).status_code == 200, path


def test_admin_is_not_on_store_domains(tenant_a):
    assert tenant_a.client().get("/admin/").status_code == 404


def test_admin_verify_action(tenant_a, platform_admin, monkeypatch):
    domain = domain_add(actor=None, store=tenant_a.store, domain="admin-check.lu")
    monkeypatch.setattr("apps.tenancy.services.resolve_txt", lambda name: [domain.txt_record_value])
    client = Client(HTTP_HOST="testserver.local")
    client.force_login(platform_admin)
    client.post("/admin/tenancy/domain/", {"action": "verify_now", "_selected_action": [domain.pk]})
    domain.refresh_from_db()
    assert domain.status == "verified"


def test_admin_change_is_in_the_audit_log(tenant_a, platform_admin):
    client = Client(HTTP_HOST="testserver.local")
    client.force_login(platform_admin)
    client.post(
        f"/admin/tenancy/store/{tenant_a.store.pk}/change/",
        {
            "merchant": tenant_a.merchant.pk,
            "code": "ALPHA",
            "name": "Renamed",
            "is_active": "on",
            "language": "en",
            "time_zone": "Europe/Luxembourg",
            "contact_email": "",
            "contact_phone": "",
            "address": "",
            "tagline": "",
            "domains-TOTAL_FORMS": "0",
            "domains-INITIAL_FORMS": "0",
        },
    )
    assert AuditEvent.objects.filter(action="admin.change", actor_email="root@platform.test").exists()


# The environment production starts with, and for each secret the other value it is given back.
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "DATABASE_URL": "postgres://u@h/db",
    "REDIS_URL": "redis://h:6379/0",
    "PLATFORM_DOMAIN": "example.lu",
    "EMAIL_URL": "smtp://localhost:25",
    "FIELD_ENCRYPTION_KEY": "AEE5SwQ1t6Y5kRMZy6qVJ0kK2vR0qGNbfrOAXo9Pq2U=",
}
RESTORED = {
    "SECRET_KEY": "y" * 50,
    "DATABASE_URL": "postgres://u@h/db",
    "REDIS_URL": "redis://h:6379/0",
    "PLATFORM_DOMAIN": "example.lu",
    "EMAIL_URL": "smtp://l:25",
    "FIELD_ENCRYPTION_KEY": "q6y7i3JxYkT2LQp2kq0Cw2h0kXz9m0oC6a5mS1r3bXg=",
}
# Starts Django with the production settings once per environment given on stdin, in one process:
# before each start the settings modules are forgotten and os.environ replaced, so each start reads
# its own environment, as a fresh process would.
STARTUPS = """
import json, os, sys, traceback
import django
from django.conf import settings
from django.utils.functional import empty

results = []
for env in json.load(sys.stdin):
    os.environ.clear()
    os.environ.update(env)
    settings._wrapped = empty
    for name in [m for m in sys.modules if m == "config.settings" or m.startswith("config.settings.")]:
        del sys.modules[name]
    try:
        django.setup()
    except BaseException:
        results.append({"started": False, "error": traceback.format_exc()})
    else:
        results.append({"started": True, "error": ""})
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def production_startups() -> dict[str, tuple[dict, dict]]:
    """For each secret: how production starts without it, then with it given back."""
    base = {**PRODUCTION_ENV, "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    envs = []
    for missing in PRODUCTION_ENV:
        without = {k: v for k, v in base.items() if k != missing}
        envs += [without, {**without, missing: RESTORED[missing]}]
    result = subprocess.run(
        [sys.executable, "-c", STARTUPS], input=json.dumps(envs), env=base, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    starts = json.loads(result.stdout)
    return {missing: (starts[2 * i], starts[2 * i + 1]) for i, missing in enumerate(PRODUCTION_ENV)}


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PLATFORM_DOMAIN", "EMAIL_URL", "FIELD_ENCRYPTION_KEY"]
)
def test_production_settings_refuse_to_start_without_secrets(production_startups, missing):
    without, restored = production_startups[missing]
    assert not without["started"]
    assert "ImproperlyConfigured" in without["error"]
    assert restored["started"], restored["error"]


def test_store_added_in_admin_gets_its_subdomain(tenant_a, platform_admin):
    client = Client(HTTP_HOST="testserver.local")
    client.force_login(platform_admin)
    response = client.post(
        "/admin/tenancy/store/add/",
        {
            "merchant": tenant_a.merchant.pk,
            "code": "ALPHA3",
            "name": "Alpha Three",
            "is_active": "on",
            "language": "en",
            "time_zone": "Europe/Luxembourg",
            "contact_email": "",
            "contact_phone": "",
            "address": "",
            "tagline": "",
            "domains-TOTAL_FORMS": "0",
            "domains-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    store = Store.objects.get(code="ALPHA3")
    assert Domain.objects.get(store=store).domain == "alpha3.testserver.local"
    assert Client(HTTP_HOST="alpha3.testserver.local").get("/").status_code == 200


def test_storefront_speaks_the_store_language_unless_the_visitor_chose(tenant_a):
    tenant_a.store.language = "lb"
    tenant_a.store.save()
    client = tenant_a.client()
    page = client.get("/")
    assert b'lang="lb"' in page.content and b"Aloggen" in page.content
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    page = client.get("/")
    assert b'lang="de"' in page.content and b"Anmelden" in page.content


def test_platform_site_follows_the_browser(public_client):
    page = public_client.get("/", HTTP_ACCEPT_LANGUAGE="fr-LU,fr;q=0.9")
    assert b'lang="fr"' in page.content
