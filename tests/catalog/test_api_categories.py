"""The catalog API's categories (tree, positions) and the bounds of its unpaginated lists."""

from __future__ import annotations

from apps.catalog import limits
from apps.core.roles import Role

from .store_api import JSON, A, client_for, make_category, make_product, png


def test_category_tree_create_update_delete(tenant_a):
    client = client_for(tenant_a)
    clothes = client.post(f"{A}/categories/", {"name": {"en": "Clothes", "fr": "Vêtements"}}, content_type=JSON)
    assert clothes.status_code == 201, clothes.content
    clothes = clothes.json()
    assert clothes["slug"] == "clothes" and clothes["name"]["fr"] == "Vêtements"
    shirts = client.post(
        f"{A}/categories/", {"name": {"en": "Shirts"}, "parent": clothes["id"]}, content_type=JSON
    ).json()
    toys = client.post(f"{A}/categories/", {"name": {"en": "Toys"}}, content_type=JSON).json()

    tree = client.get(f"{A}/categories/").json()
    assert [(c["name"]["en"], c["depth"], c["parent"]) for c in tree] == [
        ("Clothes", 0, None),
        ("Shirts", 1, clothes["id"]),
        ("Toys", 0, None),
    ]

    renamed = client.patch(
        f"{A}/categories/{clothes['id']}/", {"name": {"de": "Kleidung"}, "is_active": False}, content_type=JSON
    )
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["name"] == {"en": "Clothes", "fr": "Vêtements", "de": "Kleidung", "lb": ""}
    assert renamed.json()["is_active"] is False

    cycle = client.patch(f"{A}/categories/{clothes['id']}/", {"parent": shirts["id"]}, content_type=JSON)
    assert cycle.status_code == 400 and cycle.json()["code"] == "category_cycle"
    assert "parent" in cycle.json()["fields"]
    no_name = client.post(f"{A}/categories/", {"name": {"en": " "}}, content_type=JSON)
    assert no_name.status_code == 400 and "name.en" in no_name.json()["fields"]
    unknown_parent = client.post(f"{A}/categories/", {"name": {"en": "X"}, "parent": 10**12}, content_type=JSON)
    assert unknown_parent.status_code == 400 and "parent" in unknown_parent.json()["fields"]
    moved = client.patch(f"{A}/categories/{toys['id']}/", {"parent": clothes["id"]}, content_type=JSON)
    assert moved.json()["parent"] == clothes["id"]

    assert client.delete(f"{A}/categories/{clothes['id']}/").status_code == 204
    assert client.get(f"{A}/categories/{clothes['id']}/").status_code == 404
    assert client.get(f"{A}/categories/{shirts['id']}/").json()["parent"] is None


def test_category_position_among_siblings(tenant_a):
    # given four top-level categories and one child
    client = client_for(tenant_a)
    ids = {
        name: client.post(f"{A}/categories/", {"name": {"en": name}}, content_type=JSON).json()["id"]
        for name in ("A", "B", "C", "D")
    }
    ids["X"] = client.post(f"{A}/categories/", {"name": {"en": "X"}, "parent": ids["B"]}, content_type=JSON).json()[
        "id"
    ]

    def order(parent=None):
        tree = client.get(f"{A}/categories/").json()
        return [(c["name"]["en"], c["position"]) for c in tree if c["parent"] == parent]

    def patch(name, body):
        return client.patch(f"{A}/categories/{ids[name]}/", body, content_type=JSON)

    # when D moves to the front, then everyone moves down one
    moved = patch("D", {"position": 0})
    assert moved.status_code == 200, moved.content
    assert moved.json()["position"] == 0
    assert order() == [("D", 0), ("A", 1), ("B", 2), ("C", 3)]

    # a position past the end puts it last; a rename and a move go together
    assert patch("A", {"position": 99, "name": {"fr": "Ah"}}).json()["position"] == 3
    assert order() == [("D", 0), ("B", 1), ("C", 2), ("A", 3)]
    assert client.get(f"{A}/categories/{ids['A']}/").json()["name"]["fr"] == "Ah"

    # when C moves under B at the front, then B's children and the top level are both renumbered
    under = patch("C", {"parent": ids["B"], "position": 0})
    assert (under.json()["parent"], under.json()["position"]) == (ids["B"], 0)
    assert order(ids["B"]) == [("C", 0), ("X", 1)]
    assert order() == [("D", 0), ("B", 1), ("A", 2)]

    # a new parent without a position puts it last
    assert patch("X", {"parent": None}).json()["position"] == 3
    assert order() == [("D", 0), ("B", 1), ("A", 2), ("X", 3)]
    assert order(ids["B"]) == [("C", 0)]

    # a negative position is refused; a viewer cannot reorder
    negative = patch("A", {"position": -1})
    assert negative.status_code == 400 and "position" in negative.json()["fields"]
    viewer = client_for(tenant_a, Role.VIEWER)
    assert viewer.patch(f"{A}/categories/{ids['A']}/", {"position": 0}, content_type=JSON).status_code == 403
    assert order() == [("D", 0), ("B", 1), ("A", 2), ("X", 3)]


def test_unpaginated_lists_are_bounded_with_clear_errors(tenant_a, media_root, monkeypatch):
    # given low bounds, and a product and a store that have reached them
    monkeypatch.setattr(limits, "MAX_VARIANTS_PER_PRODUCT", 1)
    monkeypatch.setattr(limits, "MAX_CATEGORIES_PER_STORE", 1)
    monkeypatch.setattr(limits, "MAX_IMAGES_PER_PRODUCT", 1)
    product = make_product(tenant_a, "FULL-1")
    make_category(tenant_a, "Only")
    client = client_for(tenant_a)
    assert client.post(f"{A}/products/{product.pk}/images/", {"image": png()}).status_code == 201

    # when one more of each is sent
    variant = client.post(f"{A}/products/{product.pk}/variants/", {"sku": "FULL-1-B"}, content_type=JSON)
    category = client.post(f"{A}/categories/", {"name": {"en": "More"}}, content_type=JSON)
    image = client.post(f"{A}/products/{product.pk}/images/", {"image": png()})

    # then each is a 400 with its own code and a message naming the bound
    for response, code in (
        (variant, "too_many_variants"),
        (category, "too_many_categories"),
        (image, "too_many_images"),
    ):
        assert response.status_code == 400, response.content
        assert response.json()["code"] == code
        assert "at most 1 " in response.json()["message"]
    assert len(client.get(f"{A}/products/{product.pk}/variants/").json()) == 1
    assert len(client.get(f"{A}/categories/").json()) == 1
    assert len(client.get(f"{A}/products/{product.pk}/images/").json()) == 1
