"""The document URLs: store pages, the store API, the storefront download and the bulk packing
slips job; another store's or merchant's order is a 404 everywhere."""

import pytest

from apps.core.roles import Role
from apps.orders.models import Invoice
from apps.orders.services.invoices import invoice_issue

from ..accounts.test_api import api, token_for
from .documents import paid_order, pdf_pages, pdf_text

PAGES = "/store/ALPHA/orders"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _order_with_invoice(tenant, **kwargs):
    with tenant:
        order = paid_order(tenant.store, **kwargs)
        invoice = invoice_issue(store=tenant.store, order_id=order.pk, actor=None)
    return order, invoice


def test_store_pages_serve_the_documents(tenant_a):
    order, invoice = _order_with_invoice(tenant_a)
    client = tenant_a.client(tenant_a.owner())
    response = client.get(f"{PAGES}/{order.pk}/invoice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert invoice.number in pdf_text(response.content)
    slip = client.get(f"{PAGES}/{order.pk}/packing-slip.pdf")
    assert slip.status_code == 200 and order.number in pdf_text(slip.content)
    assert client.get(f"{PAGES}/{order.pk}/credit-notes/{invoice.pk}.pdf").status_code == 404  # not a credit note


def test_issue_invoice_by_hand_and_who_may(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store)
    viewer = tenant_a.client(tenant_a.member(Role.CASHIER))
    assert viewer.get(f"{PAGES}/{order.pk}/invoice.pdf").status_code == 404  # none yet
    assert viewer.post(f"{PAGES}/{order.pk}/invoice/issue/").status_code == 403
    owner = tenant_a.client(tenant_a.owner())
    response = owner.post(f"{PAGES}/{order.pk}/invoice/issue/", {"next": f"{PAGES}/"})
    assert response.status_code == 302 and response["Location"] == f"{PAGES}/"
    with tenant_a:
        assert Invoice.objects.filter(order_id=order.pk, kind="invoice").count() == 1
    assert viewer.get(f"{PAGES}/{order.pk}/invoice.pdf").status_code == 200


def test_another_store_or_merchant_gets_404(tenant_a, tenant_b):
    order, _invoice = _order_with_invoice(tenant_a)
    paths = ("invoice.pdf", "packing-slip.pdf", "credit-notes/1.pdf")
    other_store = tenant_a.client(tenant_a.owner(), host="alpha2.testserver.local")
    for path in paths:
        assert other_store.get(f"/store/ALPHA2/orders/{order.pk}/{path}").status_code == 404, path
    other = tenant_b.client(tenant_b.owner())
    for path in paths:
        assert other.get(f"/store/BETA/orders/{order.pk}/{path}").status_code == 404, path
    assert other.post(f"/store/BETA/orders/{order.pk}/invoice/issue/").status_code == 404
    token = token_for(tenant_b, tenant_b.owner().email)
    response = api(tenant_b, token).get(f"/api/v1/store/stores/BETA/orders/{order.pk}/invoice/")
    assert response.status_code == 404 and response.json()["code"]


def test_store_api_invoice(tenant_a):
    order, invoice = _order_with_invoice(tenant_a)
    client = api(tenant_a, token_for(tenant_a, tenant_a.owner().email))
    response = client.get(f"/api/v1/store/stores/ALPHA/orders/{order.pk}/invoice/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert invoice.number in pdf_text(response.content)
    assert client.get("/api/v1/store/stores/ALPHA/orders/999999/invoice/").status_code == 404


def test_storefront_invoice_only_for_the_customers_own_order(tenant_a):
    customer = tenant_a.customer("anna@example.lu")
    order, invoice = _order_with_invoice(tenant_a, user=customer)
    path = f"/account/orders/{order.number}/invoice.pdf"
    response = tenant_a.client(customer).get(path)
    assert response.status_code == 200 and invoice.number in pdf_text(response.content)
    assert tenant_a.client().get(path).status_code == 302  # to sign in
    assert tenant_a.client(tenant_a.customer("someone@example.lu")).get(path).status_code == 404
    assert tenant_a.client(customer, host="alpha2.testserver.local").get(path).status_code == 404


def test_bulk_packing_slips_job_and_download(tenant_a, tenant_b, media_root, django_capture_on_commit_callbacks):
    with tenant_a:
        orders = [paid_order(tenant_a.store, sku=f"BULK-{n}") for n in range(3)]
    client = tenant_a.client(tenant_a.owner())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{PAGES}/packing-slips/", {"order": [o.pk for o in orders] + [999999]})
    assert response.status_code == 302
    job_page = response["Location"]
    page = client.get(job_page)
    assert page.status_code == 200
    download = f"{job_page}download/"
    assert download.encode() in page.content
    response = client.get(download)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert pdf_pages(content) == 3
    assert all(o.number in pdf_text(content) for o in orders)
    # another merchant: neither the job nor its file
    other = tenant_b.client(tenant_b.owner())
    assert other.get(job_page.replace("ALPHA", "BETA")).status_code == 404
    assert other.get(download.replace("ALPHA", "BETA")).status_code == 404


def test_bulk_packing_slips_needs_orders_of_the_store(tenant_a):
    client = tenant_a.client(tenant_a.owner())
    response = client.post(f"{PAGES}/packing-slips/", {"order": ["999999", "x"]}, HTTP_REFERER=f"{PAGES}/")
    assert response.status_code == 302 and response["Location"] == f"{PAGES}/"
