"""The platform admin of loyalty: the programme list and its refresh action, the analytics, a
merchant's programme read in its schema, and the merchant's settings (created on the first save,
audited, and obeyed by the ledger at once). Refused to anyone but platform staff."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from apps.core.audit import AuditEvent
from apps.core.errors import ApplicationError
from apps.loyalty import services
from apps.loyalty.models import Program
from apps.loyalty.platform.models import MerchantLoyaltyPolicy, ProgramDirectory
from apps.loyalty.services.directory import directory_refresh
from apps.tenancy.models import Merchant

from ..conftest import DOMAIN, PASSWORD
from .factories import card_make, program_make

ADMIN = "/admin/loyalty_platform/programdirectory/"
POLICIES = "/admin/loyalty_platform/merchantloyaltypolicy/"


def _client(user) -> Client:
    client = Client(HTTP_HOST=DOMAIN)
    client.force_login(user)
    return client


@pytest.fixture
def listed(tenant_a):
    with tenant_a:
        program_make(Program.Kind.STAMPS, name="Alpha coffee")
        till = services.Terminal(store=tenant_a.store)
        card = card_make(tenant_a.store)
        services.stamp_add(terminal=till, card=card)
    directory_refresh(merchant=tenant_a.merchant)
    return tenant_a


def test_the_programme_list_filters_searches_and_refreshes(listed, platform_admin, django_capture_on_commit_callbacks):
    client = _client(platform_admin)
    page = client.get(ADMIN)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Alpha S.A." in text and "Alpha coffee" in text and "Stamps" in text
    assert f"{ADMIN}merchants/{listed.merchant.pk}/settings/" in text and f"{ADMIN}analytics/" in text
    assert "Alpha coffee" in client.get(ADMIN, {"q": "alpha"}).content.decode()
    assert "Alpha coffee" not in client.get(ADMIN, {"kind": "points"}).content.decode()
    assert client.get(ADMIN, {"is_active__exact": "1"}).status_code == 200
    ProgramDirectory.objects.update(members=0, transactions_30d=0)
    row = ProgramDirectory.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(ADMIN, {"action": "refresh_figures", "_selected_action": [row.pk]})
    assert done.status_code == 302
    row.refresh_from_db()
    assert (row.members, row.transactions_30d) == (1, 1)


def test_the_analytics_and_the_merchant_page(listed, platform_admin):
    client = _client(platform_admin)
    page = client.get(f"{ADMIN}analytics/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and "Alpha S.A.: 1" in text and "Stamps and points" in text
    detail = client.get(f"{ADMIN}merchants/{listed.merchant.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Alpha coffee" in text and "Tote bag" in text and "ALPHA2" in text and "Carla" in text
    assert client.get(f"{ADMIN}merchants/999999/").status_code == 404
    bare = Merchant.objects.get(schema_name="m_beta")
    assert "no loyalty programme yet" in client.get(f"{ADMIN}merchants/{bare.pk}/").content.decode()


def test_pages_are_refused_to_anyone_but_staff(listed, django_user_model):
    someone = django_user_model.objects.create_user(email="someone@platform.test", password=PASSWORD)
    client = _client(someone)
    for path in (ADMIN, f"{ADMIN}analytics/", f"{ADMIN}merchants/{listed.merchant.pk}/", POLICIES):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], path
    assert Client(HTTP_HOST=DOMAIN).get(f"{ADMIN}analytics/").status_code == 302


def test_settings_are_created_on_first_save_audited_and_obeyed(listed, platform_admin):
    client = _client(platform_admin)
    merchant = listed.merchant
    to_add = client.get(f"{ADMIN}merchants/{merchant.pk}/settings/")
    assert to_add.status_code == 302 and to_add["Location"] == f"{POLICIES}add/?merchant={merchant.pk}"
    assert client.get(to_add["Location"]).status_code == 200
    form = {"merchant": merchant.pk, "pin_policy": "required", "self_enrolment": "on", "ip_logging": "on"}
    form["cross_store_redemption"] = "on"
    saved = client.post(f"{POLICIES}add/", form)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    policy = MerchantLoyaltyPolicy.objects.get(merchant=merchant)
    assert (policy.pin_policy, policy.voids_allowed, policy.self_enrolment) == ("required", False, True)
    audit = AuditEvent.objects.get(action="loyalty.policy_update", merchant_id=merchant.pk)
    assert audit.actor_email == "root@platform.test"
    assert audit.data["changes"] == {"pin_policy": ["merchant", "required"], "voids_allowed": [True, False]}
    to_change = client.get(f"{ADMIN}merchants/{merchant.pk}/settings/")
    assert to_change["Location"] == f"{POLICIES}{policy.pk}/change/"
    assert client.get(to_change["Location"]).status_code == 200
    with listed:
        till = services.Terminal(store=listed.store)
        card = card_make(listed.store, email="void@example.lu")
        Program.objects.update(kind=Program.Kind.HYBRID)
        earned = services.points_earn(terminal=till, card=card, amount=Decimal("5.00"))
        with pytest.raises(ApplicationError) as refused:
            services.transaction_void(terminal=till, card=card, transaction_id=earned.transaction.pk)
        assert refused.value.code == "voids_not_allowed"
        assert services.rules_get().pin_required
    form["voids_allowed"] = "on"
    assert client.post(f"{POLICIES}{policy.pk}/change/", form).status_code == 302
    assert AuditEvent.objects.filter(action="loyalty.policy_update", merchant_id=merchant.pk).count() == 2
    with listed:
        services.transaction_void(terminal=till, card=card, transaction_id=earned.transaction.pk)
