"""Database conflicts become the catalog's documented errors, recognised by the constraint's name:
the checks before a write cannot see a write that has not committed yet, the constraints can."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, connections
from django_tenants.utils import tenant_context

from apps.catalog import services
from apps.catalog.models import Product, SearchTerm
from apps.catalog.services import _common, products
from apps.core.errors import Conflict
from apps.core.models import AuditEvent

from ..conftest import _tenant
from .factories import product
from .test_api import JSON, A, client_for


@pytest.fixture
def no_sku_precheck(monkeypatch):
    """As when another write took the SKU after this one looked: only the constraints see it."""
    monkeypatch.setattr(_common, "sku_taken", lambda *args, **kwargs: False)


def _conflict(call) -> Conflict:
    with pytest.raises(Conflict) as excinfo:
        call()
    return excinfo.value


def test_a_taken_sku_is_sku_taken_by_its_constraint(tenant_a, no_sku_precheck):
    with tenant_a:
        store = tenant_a.store
        first = product(store, sku="TAKEN-1")
        other = product(store, sku="OTHER-1")

        for error in (
            _conflict(lambda: product(store, sku="taken-1")),  # product_sku_unique_per_store
            _conflict(lambda: services.product_update(store=store, product=other, actor=None, data={"sku": "TAKEN-1"})),
            _conflict(lambda: services.variant_create(store=store, product=other, actor=None, sku="Taken-1")),
        ):
            assert (error.code, error.message) == ("sku_taken", "This SKU is already used in this store.")
            assert error.fields == {"sku": ["This SKU is already used in this store."]}
        variant = services.variant_create(store=store, product=first, actor=None, sku="TAKEN-1-B")
        error = _conflict(
            lambda: services.variant_update(store=store, variant=variant, actor=None, data={"sku": "other-1"})
        )
        assert error.code == "sku_taken" and list(error.fields) == ["sku"]


def test_a_taken_barcode_and_slug_are_their_errors(tenant_a, monkeypatch):
    with tenant_a:
        store = tenant_a.store
        lamp = product(store, sku="LAMP-1", title={"en": "Lamp"})
        services.variant_create(store=store, product=lamp, actor=None, sku="LAMP-1-B", barcode="4006381333931")
        barcode = _conflict(
            lambda: services.variant_create(
                store=store, product=lamp, actor=None, sku="LAMP-1-C", barcode="4006381333931"
            )
        )
        assert (barcode.code, list(barcode.fields)) == ("barcode_taken", ["barcode"])

        # two products named alike at once both pick the slug "lamp"
        monkeypatch.setattr(products, "_unique_slug", lambda store, base, exclude=None: "lamp")
        slug = _conflict(lambda: product(store, sku="LAMP-2", title={"en": "Lamp"}))
        assert (slug.code, list(slug.fields)) == ("slug_taken", ["slug"])


def test_only_the_constraint_name_counts_never_the_message():
    # an error whose text mentions a SKU, without a constraint behind it, is no SKU conflict
    error = _common.integrity_conflict(IntegrityError('duplicate key value "sku"'))
    assert error.code == "conflict" and error.fields == {}


def test_the_api_answers_409_sku_taken_when_the_constraint_refuses(tenant_a, no_sku_precheck):
    client = client_for(tenant_a)
    payload = {"sku": "API-1", "title": {"en": "Lamp"}, "price": "1.00"}
    assert client.post(f"{A}/products/", payload, content_type=JSON).status_code == 201

    again = client.post(f"{A}/products/", {**payload, "sku": "api-1"}, content_type=JSON)

    assert again.status_code == 409
    assert again.json() == {
        "code": "sku_taken",
        "message": "This SKU is already used in this store.",
        "fields": {"sku": ["This SKU is already used in this store."]},
    }


@pytest.mark.parametrize(
    ("check", "payloads", "code"),
    [
        # the same SKU (any case) under two titles
        ("sku_check_free", [("RACE-SKU", "Conflict probe"), ("race-sku", "Probe conflict")], "sku_taken"),
        # two SKUs under one title: both pick the slug "conflict-probe"
        ("_unique_slug", [("RACE-SKU", "Conflict probe"), ("RACE-SKU-2", "Conflict probe")], "slug_taken"),
    ],
)
def test_two_creates_at_once_give_one_product_and_the_documented_error(
    django_db_setup, django_db_blocker, monkeypatch, check, payloads, code
):
    """Both creates pass the check before either writes; the second insert waits for the first to
    commit and is then refused by the unique constraint: a 409 error, not a 500."""
    barrier = threading.Barrier(len(payloads))
    checked = getattr(products, check)

    def check_then_wait(*args, **kwargs):
        result = checked(*args, **kwargs)
        barrier.wait(timeout=10)
        return result

    monkeypatch.setattr(products, check, check_then_wait)
    results: list[str] = []
    with django_db_blocker.unblock():
        tenant = _tenant("a")

        def create(sku: str, title: str) -> None:
            try:
                connection.set_tenant(tenant.merchant)
                try:
                    services.product_create(
                        store=tenant.store, actor=None, data={"sku": sku, "title": {"en": title}, "price": "1.00"}
                    )
                    results.append("ok")
                except Conflict as error:
                    results.append(error.code)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=create, args=payload) for payload in payloads]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        try:
            with tenant_context(tenant.merchant):
                assert sorted(results) == ["ok", code]
                assert Product.objects.filter(sku__istartswith="race-sku").count() == 1
        finally:
            with tenant_context(tenant.merchant):
                Product.objects.filter(sku__istartswith="race-sku").delete()
                SearchTerm.objects.filter(store_id=tenant.store.id, term__in=["conflict", "probe"]).delete()
                AuditEvent.objects.filter(action__startswith="catalog.", target__istartswith="race-sku").delete()
            connection.set_schema_to_public()
