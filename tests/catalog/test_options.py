"""Option types (size, colour ...) and their values: the services and the store API, with roles,
limits and tenant isolation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from apps.catalog import limits, selectors, services
from apps.catalog.models import OptionType, OptionValue, Variant
from apps.core.errors import Conflict, ValidationFailed
from apps.core.models import AuditEvent
from apps.core.roles import Role

from .test_api import JSON, A, B, client_for, make_product

OPTIONS = f"{A}/option-types/"


def create(client, name: dict, *values: dict, url: str = OPTIONS):
    return client.post(url, {"name": name, "values": [{"value": v} for v in values]}, content_type=JSON)


def value_ids(body) -> dict[str, int]:
    return {v["value"]["en"]: v["id"] for v in body["values"]}


# --- API ------------------------------------------------------------------------------------------


def test_option_type_create_read_update_delete(tenant_a):
    # given the owner and a product
    client = client_for(tenant_a)
    product = make_product(tenant_a, "TEE-1")

    # when an option is created with two values
    created = create(client, {"en": "Size", "fr": "Taille"}, {"en": "S"}, {"en": "M", "fr": "M"})

    # then it comes back with every language and its values in order
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == {"en": "Size", "fr": "Taille", "de": "", "lb": ""}
    assert [(v["value"]["en"], v["position"]) for v in body["values"]] == [("S", 0), ("M", 1)]
    url = f"{OPTIONS}{body['id']}/"
    assert client.get(url).json() == body
    assert [o["id"] for o in client.get(OPTIONS).json()] == [body["id"]]
    ids = value_ids(body)

    # and a variant can take one of its values
    variant = client.post(
        f"{A}/products/{product.pk}/variants/", {"sku": "TEE-1-S", "option_value_ids": [ids["S"]]}, content_type=JSON
    )
    assert variant.status_code == 201, variant.content
    assert [o["id"] for o in variant.json()["options"]] == [ids["S"]]

    # when it is renamed in German, the other languages stay
    renamed = client.patch(url, {"name": {"de": "Größe"}}, content_type=JSON)
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["name"] == {"en": "Size", "fr": "Taille", "de": "Größe", "lb": ""}
    assert value_ids(renamed.json()) == ids  # values untouched when left out

    # when the values are reordered, one renamed in French and one added
    changed = client.patch(
        url,
        {"values": [{"id": ids["M"]}, {"id": ids["S"], "value": {"fr": "P"}}, {"value": {"en": "L"}}]},
        content_type=JSON,
    )
    assert changed.status_code == 200, changed.content
    values = changed.json()["values"]
    assert [(v["value"]["en"], v["position"]) for v in values] == [("M", 0), ("S", 1), ("L", 2)]
    assert values[1]["value"] == {"en": "S", "fr": "P", "de": "", "lb": ""}
    assert values[1]["id"] == ids["S"]  # the variant keeps its value
    ids = value_ids(changed.json())

    # when a value a variant uses is left out, then nothing changes
    in_use = client.patch(url, {"values": [{"id": ids["M"]}, {"id": ids["L"]}]}, content_type=JSON)
    assert in_use.status_code == 409, in_use.content
    assert in_use.json()["code"] == "option_value_in_use" and "“S”" in in_use.json()["message"]
    assert value_ids(client.get(url).json()) == ids

    # an unused value goes
    dropped = client.patch(url, {"values": [{"id": ids["S"]}, {"id": ids["L"]}]}, content_type=JSON)
    assert dropped.status_code == 200 and list(value_ids(dropped.json())) == ["S", "L"]

    # when the option is deleted while a variant uses it, then it is refused and the variant keeps it
    refused = client.delete(url)
    assert refused.status_code == 409 and refused.json()["code"] == "option_type_in_use"
    variant_url = f"{A}/variants/{variant.json()['id']}/"
    assert [o["id"] for o in client.get(variant_url).json()["options"]] == [ids["S"]]

    # once the variant lets go, it can be deleted
    assert client.patch(variant_url, {"option_value_ids": []}, content_type=JSON).status_code == 200
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    assert client.get(OPTIONS).json() == []
    with tenant_a:
        assert not OptionValue.objects.exists()


def test_option_names_are_unique_per_store_whatever_the_case_or_language(tenant_a):
    client = client_for(tenant_a)
    size = create(client, {"en": "Size", "fr": "Taille"}).json()
    colour = create(client, {"en": "Colour"}).json()

    for name in ({"en": "size"}, {"de": "SIZE"}, {"en": "Format", "fr": "taille"}):
        again = create(client, name)
        assert again.status_code == 409, (name, again.content)
        assert again.json()["code"] == "option_type_name_taken" and "name" in again.json()["fields"]
    renamed = client.patch(f"{OPTIONS}{colour['id']}/", {"name": {"fr": "TAILLE"}}, content_type=JSON)
    assert renamed.status_code == 409 and renamed.json()["code"] == "option_type_name_taken"
    # its own name in another case is fine, and so is the same name in another store
    recased = client.patch(f"{OPTIONS}{size['id']}/", {"name": {"en": "SIZE"}}, content_type=JSON)
    assert recased.status_code == 200 and recased.json()["name"]["en"] == "SIZE"
    elsewhere = create(client, {"en": "Size"}, url="/api/v1/store/stores/ALPHA2/catalog/option-types/")
    assert elsewhere.status_code == 201
    assert [o["name"]["en"] for o in client.get(OPTIONS).json()] == ["SIZE", "Colour"]


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"name": {"en": ""}}, "invalid", "name.en"),
        ({"name": {"en": "x" * 61}}, "invalid", "name.en"),
        ({"name": {"xx": "Size"}}, "invalid", "name.xx"),
        (
            {"name": {"en": "Size"}, "values": [{"value": {"en": "S"}}, {"value": {"fr": "s"}}]},
            "option_value_duplicate",
            "values.1.value",
        ),
        ({"name": {"en": "Size"}, "values": [{"value": {"en": " "}}]}, "invalid", "values.0.value"),
        ({"name": {"en": "Size"}, "values": [{}]}, "invalid", "values.0.value"),
    ],
)
def test_option_type_input_errors(tenant_a, payload, code, field):
    response = client_for(tenant_a).post(OPTIONS, payload, content_type=JSON)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert field in response.json()["fields"], response.json()
    with tenant_a:
        assert not OptionType.objects.exists()


def test_option_value_changes_that_make_no_sense_are_refused(tenant_a):
    client = client_for(tenant_a)
    size = create(client, {"en": "Size"}, {"en": "S"}, {"en": "M"}).json()
    colour = create(client, {"en": "Colour"}, {"en": "Red"}).json()
    url = f"{OPTIONS}{size['id']}/"
    ids = value_ids(size)

    for values, code, field in (
        ([{"id": value_ids(colour)["Red"]}], "invalid", "values.0.id"),  # another option's value
        ([{"id": ids["S"]}, {"id": ids["S"]}], "option_value_duplicate", "values.1.id"),
        ([{"id": ids["S"]}, {"value": {"en": "s"}}], "option_value_duplicate", "values.1.value"),
        ([{"id": ids["S"], "value": {"en": "M"}}, {"id": ids["M"]}], "option_value_duplicate", "values.1.value"),
    ):
        response = client.patch(url, {"values": values}, content_type=JSON)
        assert response.status_code == 400, (values, response.content)
        assert response.json()["code"] == code and field in response.json()["fields"], response.json()
    # two values swapping their texts would clash on the way: refused, one at a time works
    swap = client.patch(
        url,
        {"values": [{"id": ids["S"], "value": {"en": "M"}}, {"id": ids["M"], "value": {"en": "S"}}]},
        content_type=JSON,
    )
    assert swap.status_code == 409 and swap.json()["code"] == "option_value_duplicate"
    assert value_ids(client.get(url).json()) == ids


def test_option_limits(tenant_a, monkeypatch):
    monkeypatch.setattr(limits, "MAX_OPTION_TYPES_PER_STORE", 1)
    monkeypatch.setattr(limits, "MAX_VALUES_PER_OPTION_TYPE", 2)
    client = client_for(tenant_a)

    too_many_values = create(client, {"en": "Size"}, {"en": "S"}, {"en": "M"}, {"en": "L"})
    assert too_many_values.status_code == 400 and too_many_values.json()["code"] == "too_many_option_values"
    size = create(client, {"en": "Size"}, {"en": "S"}, {"en": "M"})
    assert size.status_code == 201
    another = create(client, {"en": "Colour"})
    assert another.status_code == 400 and another.json()["code"] == "too_many_option_types"
    assert "at most 1 option." in another.json()["message"]
    grow = client.patch(
        f"{OPTIONS}{size.json()['id']}/",
        {"values": [*size.json()["values"], {"value": {"en": "L"}}]},
        content_type=JSON,
    )
    assert grow.status_code == 400 and grow.json()["code"] == "too_many_option_values"


def test_schema_documents_the_option_api_and_its_bounds(tenant_a):
    schema = tenant_a.client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    listing = schema["paths"]["/api/v1/store/stores/{code}/catalog/option-types/"]
    detail = schema["paths"]["/api/v1/store/stores/{code}/catalog/option-types/{id}/"]
    assert {"get", "post"} <= set(listing) and {"get", "patch", "delete"} <= set(detail)
    assert "at most 100 options" in listing["get"]["description"]
    assert "at most 100 values" in listing["get"]["description"]
    assert "409" in detail["delete"]["responses"] and "409" in listing["post"]["responses"]
    option = schema["components"]["schemas"]["OptionType"]["properties"]
    assert set(option["name"]["properties"]) == {"en", "fr", "de", "lb"}


def test_option_roles(tenant_a):
    option = create(client_for(tenant_a), {"en": "Size"}, {"en": "S"}).json()
    url = f"{OPTIONS}{option['id']}/"
    for role in (Role.VIEWER, Role.CASHIER):
        client = client_for(tenant_a, role)
        assert client.get(OPTIONS).status_code == 200 and client.get(url).status_code == 200
        for response in (
            create(client, {"en": "Colour"}),
            client.patch(url, {"name": {"en": "Sizes"}}, content_type=JSON),
            client.delete(url),
        ):
            assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    editor = client_for(tenant_a, Role.EDITOR)
    assert create(editor, {"en": "Colour"}).status_code == 201
    assert editor.patch(url, {"name": {"en": "Sizes"}}, content_type=JSON).status_code == 200
    assert editor.delete(url).status_code == 403
    assert client_for(tenant_a, Role.MANAGER).delete(url).status_code == 204


def test_another_merchants_options_are_404(tenant_a, tenant_b):
    # given an option of merchant A, used by one of A's variants
    option = create(client_for(tenant_a), {"en": "Secret"}, {"en": "S"}).json()
    url = f"{B}/option-types/{option['id']}/"
    client_b = client_for(tenant_b)

    # then merchant B finds none of it on its own store, nor A's store on B's domain
    assert client_b.get(url).status_code == 404
    assert client_b.patch(url, {"name": {"en": "Mine"}}, content_type=JSON).status_code == 404
    assert client_b.delete(url).status_code == 404
    assert client_b.get(f"{B}/option-types/").json() == []
    assert client_b.get(f"{A}/option-types/").status_code == 404
    # nor can B's variants use A's values
    product_b = make_product(tenant_b, "B-1")
    stolen = client_b.post(
        f"{B}/products/{product_b.pk}/variants/",
        {"sku": "B-1-S", "option_value_ids": [option["values"][0]["id"]]},
        content_type=JSON,
    )
    assert stolen.status_code == 400
    # nor does another store of the same merchant see it
    other_store = client_for(tenant_a).get(f"/api/v1/store/stores/ALPHA2/catalog/option-types/{option['id']}/")
    assert other_store.status_code == 404
    with tenant_a:
        assert OptionType.objects.get(pk=option["id"]).name_en == "Secret"


# --- Services -------------------------------------------------------------------------------------


def test_option_services_write_the_audit_log(tenant_a):
    with tenant_a:
        store, owner = tenant_a.store, tenant_a.owner()
        size = services.option_type_create(store=store, actor=owner, name={"en": "Size"}, values=[{"en": "S"}])
        services.option_type_update(store=store, option_type=size, actor=owner, name={"fr": "Taille"})
        services.option_type_delete(store=store, option_type=size, actor=owner)
        actions = list(
            AuditEvent.objects.filter(actor_email=owner.email, action__startswith="catalog.option_type")
            .order_by("id")
            .values_list("action", flat=True)
        )
        assert actions == ["catalog.option_type_create", "catalog.option_type_update", "catalog.option_type_delete"]


def test_deleting_an_unused_option_drops_it_from_products(tenant_a):
    with tenant_a:
        store = tenant_a.store
        size = services.option_type_create(store=store, actor=None, name={"en": "Size"}, values=[{"en": "S"}])
        product = selectors.product_get_for_update(store=store, product_id=make_product(tenant_a, "P-1").pk)
        product.option_types.add(size)
        services.option_type_delete(store=store, option_type=size, actor=None)
        assert not product.option_types.exists() and not OptionValue.objects.exists()


def test_get_or_create_matches_names_in_any_case_and_language(tenant_a):
    with tenant_a:
        store = tenant_a.store
        size = services.option_type_create(
            store=store, actor=None, name={"en": "Size", "fr": "Taille"}, values=[{"en": "XL"}]
        )
        # the same option and value, however they are typed
        option_type, (value,) = services.option_values_get_or_create(store=store, name="taille", values=["xl"])
        assert option_type.pk == size.pk and value.value_en == "XL"
        # a new value is made in the active language, after the others
        with translation.override("fr"):
            _type, (new,) = services.option_values_get_or_create(store=store, name="SIZE", values=["Grand"])
        new.refresh_from_db()
        assert (new.value_fr, new.value_en, new.position) == ("Grand", None, 1)
        assert OptionType.objects.filter(store_id=store.id).count() == 1
        with pytest.raises(ValidationFailed):
            services.option_values_get_or_create(store=store, name=" ", values=["S"])


def test_get_or_create_keeps_to_the_limits(tenant_a, monkeypatch):
    monkeypatch.setattr(limits, "MAX_OPTION_TYPES_PER_STORE", 1)
    monkeypatch.setattr(limits, "MAX_VALUES_PER_OPTION_TYPE", 1)
    with tenant_a:
        store = tenant_a.store
        services.option_values_get_or_create(store=store, name="Size", values=["S"])
        services.option_values_get_or_create(store=store, name="size", values=["s"])  # nothing new: fine
        for name, values, code in (
            ("Colour", ["Red"], "too_many_option_types"),
            ("Size", ["M"], "too_many_option_values"),
        ):
            with pytest.raises(ValidationFailed) as excinfo:
                services.option_values_get_or_create(store=store, name=name, values=values)
            assert excinfo.value.code == code


def test_a_value_in_use_stays_when_its_option_is_rewritten(tenant_a):
    with tenant_a:
        store = tenant_a.store
        size = services.option_type_create(store=store, actor=None, name={"en": "Size"}, values=[{"en": "S"}])
        small = size.values.get()
        product = selectors.product_get_for_update(store=store, product_id=make_product(tenant_a, "P-2").pk)
        services.variant_create(store=store, product=product, actor=None, sku="P-2-S", option_value_ids=[small.pk])
        with pytest.raises(Conflict) as excinfo:
            services.option_type_update(store=store, option_type=size, actor=None, values=[{"value": {"en": "M"}}])
        assert excinfo.value.code == "option_value_in_use"
        assert list(Variant.objects.get(sku="P-2-S").option_values.all()) == [small]
        assert list(size.values.values_list("value_en", flat=True)) == ["S"]


def test_option_list_query_count_stays_flat(tenant_a):
    client = client_for(tenant_a)

    def count():
        client.get(OPTIONS)  # warm the host cache
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(OPTIONS)
        assert response.status_code == 200
        return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]

    create(client, {"en": "Size"}, {"en": "S"})
    small, _sql = count()
    for n in range(5):
        create(client, {"en": f"Option {n}"}, *({"en": f"V{i}"} for i in range(10)))
    big, sql = count()
    # search_path, token, store, role, option types, their values
    assert small == big == 6, sql
