"""The audit log in Django admin names merchants and stores, though its rows keep only their ids."""

from django.test import Client

from apps.core.audit import audit_record


def test_audit_log_shows_filters_and_searches_merchants(tenant_a, tenant_b, platform_admin):
    audit_record(actor=None, action="test.alpha", store=tenant_a.store)
    audit_record(actor=None, action="test.beta", merchant=tenant_b.merchant)
    client = Client(HTTP_HOST="testserver.local")
    client.force_login(platform_admin)

    page = client.get("/admin/core/auditevent/").content.decode()
    assert "Alpha S.A." in page and "Alpha (ALPHA)" in page and "Beta SARL" in page

    only_b = client.get(f"/admin/core/auditevent/?merchant={tenant_b.merchant.pk}").context["cl"].result_list
    assert [e.action for e in only_b if e.action.startswith("test.")] == ["test.beta"]

    found = client.get("/admin/core/auditevent/?q=Alpha+S.A.").context["cl"].result_list
    assert "test.alpha" in [e.action for e in found] and "test.beta" not in [e.action for e in found]


def test_audit_log_keeps_the_id_of_a_deleted_store(tenant_a, platform_admin):
    event = audit_record(actor=None, action="test.gone", store=tenant_a.store)
    event.store_id = 987654
    event.save()
    client = Client(HTTP_HOST="testserver.local")
    client.force_login(platform_admin)
    assert "#987654" in client.get("/admin/core/auditevent/?q=test.gone").content.decode()
