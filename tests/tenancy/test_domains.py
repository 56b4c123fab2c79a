import dns.resolver
import pytest
from django.test import Client

from apps.core.errors import ApplicationError
from apps.core.roles import Role
from apps.tenancy import dns as tenancy_dns
from apps.tenancy.models import Domain
from apps.tenancy.services import domain_add, domain_recheck
from apps.tenancy.tasks import domains_reverify


@pytest.fixture
def txt_records(monkeypatch):
    """DNS at its edge: a dict of name -> TXT strings that resolve_txt answers from."""
    records: dict[str, list[str]] = {}

    def fake_resolve(name: str) -> list[str]:
        if records.get("__fail__"):
            raise tenancy_dns.DnsLookupError("timeout")
        return records.get(name, [])

    monkeypatch.setattr("apps.tenancy.services.resolve_txt", fake_resolve)
    return records


def test_register_verify_activate_and_route(tenant_a, txt_records):
    client = tenant_a.client(tenant_a.owner())
    response = client.post("/store/ALPHA/domains/", {"domain": "https://Shop.Alpha.LU/"})
    assert response.status_code == 302
    domain = Domain.objects.get(domain="shop.alpha.lu")
    page = client.get("/store/ALPHA/domains/")
    assert domain.txt_record_name.encode() in page.content
    assert domain.txt_record_value.encode() in page.content
    assert domain.txt_record_name == "_wizamart-verify.shop.alpha.lu"

    # No record yet: a clear message, still pending
    client.post(f"/store/ALPHA/domains/{domain.pk}/verify/")
    domain.refresh_from_db()
    assert domain.status == "pending"
    assert "No TXT record" in domain.last_check_error
    assert Client(HTTP_HOST="shop.alpha.lu").get("/").status_code == 404

    txt_records[domain.txt_record_name] = ["something else", domain.txt_record_value]
    client.post(f"/store/ALPHA/domains/{domain.pk}/verify/")
    domain.refresh_from_db()
    assert domain.status == "verified"
    client.post(f"/store/ALPHA/domains/{domain.pk}/activate/")
    domain.refresh_from_db()
    assert domain.status == "active"
    served = Client(HTTP_HOST="shop.alpha.lu").get("/")
    assert served.status_code == 200 and served.wsgi_request.store.code == "ALPHA"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("not a domain", "domain_malformed"),
        ("localhost", "domain_malformed"),
        ("shop.localhost", "domain_platform"),
        ("alpha.testserver.local", "domain_platform"),
        ("testserver.local", "domain_platform"),
        ("-bad-.lu", "domain_malformed"),
        ("192.168.1.1", "domain_malformed"),
        ("a" * 64 + ".lu", "domain_malformed"),
        ("", "domain_malformed"),
        ("beta.testserver.local", "domain_platform"),
    ],
)
def test_bad_domains_are_rejected(tenant_a, value, code):
    with pytest.raises(ApplicationError) as excinfo:
        domain_add(actor=None, store=tenant_a.store, domain=value)
    assert excinfo.value.code == code


def test_domain_taken_by_another_merchant(tenant_a, tenant_b):
    # a pending claim blocks nobody (tests/security/test_domain_squatting.py); a proved one does
    domain_add(actor=None, store=tenant_b.store, domain="taken.lu")
    Domain.objects.filter(domain="taken.lu").update(status="active")
    client = tenant_a.client(tenant_a.owner())
    response = client.post("/store/ALPHA/domains/", {"domain": "taken.lu"})
    assert response.status_code == 200
    assert b"Another account has proved that it controls this domain" in response.content
    assert Domain.objects.get(domain="taken.lu").tenant_id == tenant_b.merchant.id


def test_only_owner_adds_merchant_wide_domain(tenant_a):
    manager = tenant_a.member(Role.MANAGER)
    page = tenant_a.client(manager).get("/store/ALPHA/domains/")
    assert b'name="merchant_wide"' in page.content and b"disabled" in page.content
    tenant_a.client(manager).post("/store/ALPHA/domains/", {"domain": "store-only.lu", "merchant_wide": "on"})
    assert Domain.objects.get(domain="store-only.lu").store_id == tenant_a.store.id
    tenant_a.client(tenant_a.owner()).post("/store/ALPHA/domains/", {"domain": "group.lu", "merchant_wide": "on"})
    assert Domain.objects.get(domain="group.lu").store is None


def test_unicode_domain_is_stored_as_punycode(tenant_a):
    row = domain_add(actor=None, store=tenant_a.store, domain="bäckerei.lu")
    assert row.domain == "xn--bckerei-5wa.lu"


def test_periodic_recheck_verifies_pending_and_drops_lost(tenant_a, txt_records):
    pending = domain_add(actor=None, store=tenant_a.store, domain="later.lu")
    lost = Domain.objects.create(
        domain="lost.lu", tenant=tenant_a.merchant, store=tenant_a.store, status="active", is_primary=False
    )
    txt_records[pending.txt_record_name] = [pending.txt_record_value]
    for _ in range(3):
        domains_reverify.delay()
    pending.refresh_from_db()
    lost.refresh_from_db()
    assert pending.status == "verified"
    assert lost.status == "failed"
    assert Client(HTTP_HOST="lost.lu").get("/").status_code == 404


def test_dns_failure_counts_but_does_not_crash(tenant_a, txt_records):
    active = Domain.objects.create(
        domain="flaky.lu", tenant=tenant_a.merchant, store=tenant_a.store, status="active", is_primary=False
    )
    txt_records["__fail__"] = ["1"]
    domain_recheck(domain=active)
    active.refresh_from_db()
    assert active.status == "active" and active.check_failures == 1
    assert "DNS lookup failed" in active.last_check_error


def test_platform_subdomain_cannot_be_removed(tenant_a):
    platform = Domain.objects.get(domain=tenant_a.host)
    tenant_a.client(tenant_a.owner()).post(f"/store/ALPHA/domains/{platform.pk}/remove/")
    assert Domain.objects.filter(pk=platform.pk).exists()


def test_resolver_reads_txt_strings(monkeypatch):
    """Our dnspython client code, with the resolver answering at its edge."""

    class Record:
        strings = (b"wizamart-verify=", b"abc")

    monkeypatch.setattr(dns.resolver, "resolve", lambda name, rdtype, lifetime: [Record()])
    assert dns.resolver.resolve  # patched
    assert tenancy_dns.resolve_txt("_wizamart-verify.x.lu") == ["wizamart-verify=abc"]

    def nx(name, rdtype, lifetime):
        raise dns.resolver.NXDOMAIN()

    monkeypatch.setattr(dns.resolver, "resolve", nx)
    assert tenancy_dns.resolve_txt("_wizamart-verify.x.lu") == []
