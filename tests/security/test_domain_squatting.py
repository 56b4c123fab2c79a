"""Domain squatting: an unproved claim on a domain must not block the merchant who really owns
it. Several merchants may claim a name while it is pending; the one who proves it with the DNS
record wins, the others' claims are dropped (and they see why), a pending claim expires, and the
database itself keeps one verified or active claim per name. DNS is stubbed at its edge."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from apps.core.errors import ApplicationError
from apps.core.models import AuditEvent
from apps.tenancy.models import Domain
from apps.tenancy.services import domain_activate, domain_add, domain_verify
from apps.tenancy.tasks import domains_reverify


@pytest.fixture
def txt_records(monkeypatch):
    """DNS at its edge: a dict of name -> TXT strings that resolve_txt answers from."""
    records: dict[str, list[str]] = {}
    monkeypatch.setattr("apps.tenancy.services.resolve_txt", lambda name: records.get(name, []))
    return records


def _prove(records, claim: Domain) -> None:
    records.setdefault(claim.txt_record_name, []).append(claim.txt_record_value)


def test_a_squatters_pending_claim_does_not_block_the_real_owner(tenant_a, tenant_b, txt_records):
    squat = domain_add(actor=None, store=tenant_a.store, domain="beta-shop.lu")
    # B, who owns the domain, can still claim it, prove it, activate it and be served on it
    client_b = tenant_b.client(tenant_b.owner())
    assert client_b.post("/store/BETA/domains/", {"domain": "beta-shop.lu"}).status_code == 302
    claim = Domain.objects.get(domain="beta-shop.lu", tenant=tenant_b.merchant)
    _prove(txt_records, claim)
    client_b.post(f"/store/BETA/domains/{claim.pk}/verify/")
    claim.refresh_from_db()
    assert claim.status == "verified"
    client_b.post(f"/store/BETA/domains/{claim.pk}/activate/")
    served = Client(HTTP_HOST="beta-shop.lu").get("/")
    assert served.status_code == 200 and served.wsgi_request.store.code == "BETA"

    # the squatter's claim was dropped, and its domains page says why
    squat.refresh_from_db()
    assert squat.status == "dropped"
    page = tenant_a.client(tenant_a.owner()).get("/store/ALPHA/domains/").content.decode()
    assert "Proved by another account" in page and "your claim was dropped" in page
    assert AuditEvent.objects.filter(action="domain.claim_dropped", merchant_id=tenant_a.merchant.id).exists()
    # it can neither verify nor add the name again while B holds it
    with pytest.raises(ApplicationError) as excinfo:
        domain_verify(actor=None, domain=squat)
    assert excinfo.value.code == "domain_claim_dropped"
    with pytest.raises(ApplicationError) as excinfo:
        domain_add(actor=None, store=tenant_a.store, domain="beta-shop.lu")
    assert excinfo.value.code == "domain_already_added"
    Domain.objects.filter(pk=squat.pk).delete()
    with pytest.raises(ApplicationError) as excinfo:
        domain_add(actor=None, store=tenant_a.store, domain="beta-shop.lu")
    assert excinfo.value.code == "domain_taken"


def test_a_proof_cannot_take_a_name_another_merchant_holds(tenant_a, tenant_b, txt_records):
    first = domain_add(actor=None, store=tenant_a.store, domain="both.lu")
    second = domain_add(actor=None, store=tenant_b.store, domain="both.lu")
    _prove(txt_records, first)
    _prove(txt_records, second)
    domain_verify(actor=None, domain=first)
    domain_activate(actor=None, domain=first)
    second.refresh_from_db()
    assert second.status == "dropped"
    # even were the dropped claim pending again, the holder keeps the name until its proof lapses
    Domain.objects.filter(pk=second.pk).update(status="pending")
    second.refresh_from_db()
    with pytest.raises(ApplicationError) as excinfo:
        domain_verify(actor=None, domain=second)
    assert excinfo.value.code == "domain_taken"
    second.refresh_from_db()
    assert second.status == "pending" and "Another account" in second.last_check_error
    first.refresh_from_db()
    assert first.status == "active"


def test_the_periodic_check_lets_the_prover_win_too(tenant_a, tenant_b, txt_records):
    squat = domain_add(actor=None, store=tenant_a.store, domain="periodic.lu")
    real = domain_add(actor=None, store=tenant_b.store, domain="periodic.lu")
    _prove(txt_records, real)
    domains_reverify.delay()
    real.refresh_from_db()
    squat.refresh_from_db()
    assert (real.status, squat.status) == ("verified", "dropped")


def test_the_database_keeps_one_owning_claim_per_name(tenant_a, tenant_b):
    domain_add(actor=None, store=tenant_a.store, domain="one.lu")
    domain_add(actor=None, store=tenant_b.store, domain="one.lu")
    assert Domain.objects.filter(domain="one.lu").count() == 2  # pending claims coexist
    Domain.objects.filter(domain="one.lu", tenant=tenant_a.merchant).update(status="active")
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        Domain.objects.filter(domain="one.lu", tenant=tenant_b.merchant).update(status="verified")
    assert excinfo.value.__cause__.diag.constraint_name == "one_owning_claim_per_domain"
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        Domain.objects.create(domain="one.lu", tenant=tenant_a.merchant, kind="custom", is_primary=False)
    assert excinfo.value.__cause__.diag.constraint_name == "one_claim_per_domain_and_merchant"


def test_a_pending_claim_expires_and_the_page_says_when(tenant_a, settings, txt_records):
    settings.DOMAIN_CLAIM_PENDING_DAYS = 3
    claim = domain_add(actor=None, store=tenant_a.store, domain="lapsing.lu")
    assert claim.pending_expires_at == claim.created_at + timedelta(days=3)
    page = tenant_a.client(tenant_a.owner()).get("/store/ALPHA/domains/").content.decode()
    assert "This claim expires on" in page

    domains_reverify.delay()
    assert Domain.objects.filter(pk=claim.pk).exists()  # not yet
    Domain.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(days=3, minutes=1))
    domains_reverify.delay()
    assert not Domain.objects.filter(pk=claim.pk).exists()
    assert AuditEvent.objects.filter(action="domain.claim_expired", target="lapsing.lu").exists()
    # the name is free to claim again
    domain_add(actor=None, store=tenant_a.store, domain="lapsing.lu")
