"""Customer records: create and change with their rules, the address book, the selectors with the
merchant's isolation."""

from __future__ import annotations

import pytest

from apps.core.errors import Conflict, NotFound, ValidationFailed
from apps.orders import selectors
from apps.orders.models import Address, Customer
from apps.orders.services import customer_records

from .factories import ADDRESS, place, variant


def make(store, email="anna@example.lu", **data):
    return customer_records.customer_create(store=store, actor=None, data={"email": email, **data})


def test_create_numbers_the_customer_and_keeps_the_details(tenant_a):
    with tenant_a:
        store = tenant_a.store
        first = make(store, first_name="Anna", last_name="Muller", phone="621 123 456", marketing_consent=True)
        second = make(store, "ben@example.lu")
        assert second.number == first.number + 1
        assert second.display_number == f"C-{second.number:06d}"
        first.refresh_from_db()
        assert str(first.phone) == "+352621123456"
        assert first.language == store.language and first.first_store_id == store.id
        assert first.marketing_consent and first.marketing_consent_at is not None


def test_email_unique_within_the_merchant_whatever_the_case(tenant_a):
    with tenant_a:
        store = tenant_a.store
        anna = make(store)
        with pytest.raises(Conflict) as taken:
            make(tenant_a.stores["ALPHA2"], "ANNA@Example.LU")
        assert taken.value.code == "customer_email_taken" and "email" in taken.value.fields
        ben = make(store, "ben@example.lu")
        with pytest.raises(Conflict):
            customer_records.customer_update(store=store, actor=None, customer=ben, data={"email": "Anna@example.lu"})
        # its own address in another case is no conflict
        customer_records.customer_update(store=store, actor=None, customer=anna, data={"email": "Anna@Example.lu"})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"phone": "12"}, "phone"),
        ({"phone": "abc"}, "phone"),
        ({"language": "xx"}, "language"),
        ({"marketing_consent": "maybe"}, "marketing_consent"),
        ({"first_name": "x" * 101}, "first_name"),
    ],
)
def test_bad_details_are_refused_by_field(tenant_a, data, field):
    with tenant_a:
        with pytest.raises(ValidationFailed) as refused:
            make(tenant_a.store, **{"email": "ok@example.lu", **data})
        assert field in refused.value.fields
        assert not Customer.objects.exists()


def test_consent_timestamp_follows_the_consent(tenant_a):
    with tenant_a:
        store = tenant_a.store
        customer = make(store)
        assert customer.marketing_consent_at is None
        customer_records.customer_update(store=store, actor=None, customer=customer, data={"marketing_consent": True})
        given = customer.marketing_consent_at
        assert given is not None
        customer_records.customer_update(store=store, actor=None, customer=customer, data={"notes": "VIP"})
        assert customer.marketing_consent_at == given and customer.notes == "VIP"
        customer_records.customer_update(store=store, actor=None, customer=customer, data={"marketing_consent": False})
        customer.refresh_from_db()
        assert (customer.marketing_consent, customer.marketing_consent_at) == (False, None)


def test_address_book_keeps_one_default_of_each(tenant_a):
    with tenant_a:
        store = tenant_a.store
        customer = make(store)
        home = customer_records.address_add(store=store, actor=None, customer=customer, data=ADDRESS)
        assert (home.is_default_shipping, home.is_default_billing) == (True, True)
        office = customer_records.address_add(
            store=store,
            actor=None,
            customer=customer,
            data={**ADDRESS, "line1": "1 Kirchberg", "country": "BE", "phone": ""},
            default_billing=True,
        )
        home.refresh_from_db()
        assert (home.is_default_shipping, home.is_default_billing) == (True, False)
        assert office.is_default_billing and not office.is_default_shipping
        customer_records.address_update(store=store, actor=None, address=office, default_shipping=True)
        home.refresh_from_db()
        assert not home.is_default_shipping
        customer_records.address_delete(store=store, actor=None, address=office)
        home.refresh_from_db()
        assert (home.is_default_shipping, home.is_default_billing) == (True, True)
        with pytest.raises(ValidationFailed) as refused:
            customer_records.address_add(
                store=store, actor=None, customer=customer, data={**ADDRESS, "phone": "0", "country": "ZZ"}
            )
        assert {"address.phone", "address.country"} <= refused.value.fields.keys()
        assert Address.objects.filter(customer=customer).count() == 1


def test_list_search_filters_and_sorts(tenant_a):
    with tenant_a:
        store = tenant_a.store
        anna = make(store, first_name="Anna", last_name="Muller", marketing_consent=True)
        ben = make(store, "ben@example.lu", first_name="Ben", last_name="Weber")
        customer_records.address_add(store=store, actor=None, customer=ben, data={**ADDRESS, "country": "DE"})
        order = place(store, [(variant(store, price="30.00"), 1)], email="ben@example.lu")
        assert order.customer_id == ben.pk
        Customer.objects.filter(pk=ben.pk).update(orders_count=1, total_spent="30.00", last_order_at=order.placed_at)

        def names(filters=None, sort="newest"):
            return [c.first_name for c in selectors.customer_list(store=store, filters=filters, sort=sort)]

        assert names({"q": "mull"}) == ["Anna"]
        assert names({"q": "Anna Muller"}) == ["Anna"]
        assert names({"q": "BEN@EXAMPLE"}) == ["Ben"]
        assert names({"q": ben.display_number}) == ["Ben"]
        assert names({"q": f"c{ben.number}"}) == ["Ben"]
        assert names({"marketing": "yes"}) == ["Anna"]
        assert names({"has_orders": "yes"}) == ["Ben"]
        assert names({"has_orders": "no"}) == ["Anna"]
        assert names({"has_account": "yes"}) == []
        assert names({"country": "de"}) == ["Ben"]
        assert names(sort="last_order") == ["Ben", "Anna"]
        assert names(sort="spend") == ["Ben", "Anna"]
        assert [o.pk for o in selectors.customer_recent_orders(store=store, customer=ben)] == [order.pk]
        assert selectors.customer_countries(store=store) == ["DE"]
        assert anna.pk in {c.pk for c in selectors.customer_list(store=tenant_a.stores["ALPHA2"])}


def test_other_merchants_customers_stay_invisible(tenant_a, tenant_b):
    with tenant_a:
        anna = make(tenant_a.store)
    with tenant_b:
        assert not selectors.customer_list(store=tenant_b.store).filter(email=anna.email).exists()
        with pytest.raises(NotFound):
            selectors.customer_get(store=tenant_b.store, customer_id=anna.pk)
        with pytest.raises(NotFound):  # A's store asked in B's schema
            selectors.customer_list(store=tenant_a.store)
    with tenant_a:
        assert selectors.customer_get(store=tenant_a.store, customer_id=anna.pk) == anna
        with pytest.raises(NotFound):
            selectors.customer_get(store=tenant_a.store, customer_id="x1")
