"""The catalog's category pages: the tree, moves, hiding, deleting, errors and bounds."""

from __future__ import annotations

from apps.catalog import limits
from apps.catalog.models import Category
from apps.core.roles import Role

from .store_pages import BASE, make_category


def test_categories_create_move_hide_and_delete(tenant_a):
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    assert b"No categories yet" in client.get(f"{BASE}categories/").content

    # when categories are added, one inside another
    for names in ({"name_en": "Wine", "name_fr": "Vin"}, {"name_en": "Gifts"}):
        assert client.post(f"{BASE}categories/add/", {**names, "parent": ""}).status_code == 302
    with tenant_a:
        wine, gifts = Category.objects.order_by("position")
    client.post(f"{BASE}categories/add/", {"name_en": "Red", "parent": wine.pk})
    with tenant_a:
        red = Category.objects.get(name_en="Red")
        assert (red.parent_id, wine.name_fr) == (wine.pk, "Vin")

    # then the tree shows the child indented under its parent
    rows = client.get(f"{BASE}categories/").context["rows"]
    assert [(r["category"].name_en, r["depth"]) for r in rows] == [("Wine", 0), ("Red", 1), ("Gifts", 0)]

    # when Gifts moves up, Wine is hidden, and Wine is deleted
    client.post(f"{BASE}categories/{gifts.pk}/up/")
    client.post(f"{BASE}categories/{wine.pk}/toggle/")
    with tenant_a:
        assert list(Category.objects.filter(parent=None).order_by("position").values_list("name_en", flat=True)) == [
            "Gifts",
            "Wine",
        ]
        assert Category.objects.get(pk=wine.pk).is_active is False
    client.post(f"{BASE}categories/{wine.pk}/delete/")
    with tenant_a:
        assert not Category.objects.filter(pk=wine.pk).exists()
        assert Category.objects.get(pk=red.pk).parent_id is None  # children move up


def test_category_errors_are_shown(tenant_a):
    parent = make_category(tenant_a, "Parent")
    child = make_category(tenant_a, "Child", parent=parent)
    client = tenant_a.client(tenant_a.owner())

    nameless = client.post(f"{BASE}categories/add/", {"name_en": " ", "parent": ""})
    assert nameless.status_code == 400
    assert nameless.context["form"].errors[f"name_{tenant_a.store.language}"] == ["Enter a name."]

    # a category cannot move inside its own child: the choice is not even offered
    cycle = client.post(f"{BASE}categories/{parent.pk}/", {"name_en": "Parent", "parent": child.pk, "is_active": "on"})
    assert cycle.status_code == 400 and cycle.context["form"].errors["parent"]

    renamed = client.post(f"{BASE}categories/{child.pk}/", {"name_en": "Kid", "name_de": "Kind", "parent": parent.pk})
    assert renamed.status_code == 302
    with tenant_a:
        child.refresh_from_db()
        assert (child.name_en, child.name_de, child.is_active) == ("Kid", "Kind", False)


def test_adding_a_category_past_the_bound_is_a_form_error(tenant_a, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CATEGORIES_PER_STORE", 1)
    make_category(tenant_a, "Only")
    client = tenant_a.client(tenant_a.owner())

    response = client.post(f"{BASE}categories/add/", {"name_en": "More", "parent": ""})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["A store can have at most 1 category."]
    assert "A store can have at most 1 category." in response.content.decode()
    with tenant_a:
        assert Category.objects.count() == 1
