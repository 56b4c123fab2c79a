"""The catalog API's product images: upload, update, reorder, delete, and what is not an image."""

from __future__ import annotations

import pytest

from apps.catalog.models import ProductImage

from .store_api import JSON, A, client_for, make_product, png, upload


def test_image_upload_update_reorder_delete(tenant_a, media_root, django_capture_on_commit_callbacks):
    product = make_product(tenant_a, "IMG-1")
    client = client_for(tenant_a)
    url = f"{A}/products/{product.pk}/images/"

    # when two PNGs are uploaded (renditions made by the task after commit)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"image": png(), "alt_text": "Red"})
    assert first.status_code == 201, first.content
    second = client.post(url, {"image": png(color=(0, 0, 200))})
    assert second.status_code == 201
    first, second = first.json(), second.json()

    # then the first is the main one, read back with its renditions
    assert (first["width"], first["height"], first["is_primary"], second["is_primary"]) == (32, 24, True, False)
    assert first["url"].startswith("http://alpha.testserver.local/media/")
    assert first["alt_text"]["en"] == "Red"
    listed = client.get(url).json()
    assert [i["id"] for i in listed] == [first["id"], second["id"]]
    assert listed[0]["status"] == "ready"
    assert set(listed[0]["renditions"]) == {"thumbnail", "small", "medium", "large"}
    assert listed[0]["renditions"]["thumbnail"]["webp"].endswith(".webp")

    # when alt texts change and the second becomes the main image
    patched = client.patch(f"{url}{second['id']}/", {"alt_text": {"fr": "Bleu"}, "is_primary": True}, content_type=JSON)
    assert patched.status_code == 200, patched.content
    assert patched.json()["alt_text"]["fr"] == "Bleu" and patched.json()["is_primary"] is True

    reordered = client.post(f"{url}order/", {"order": [second["id"], first["id"]]}, content_type=JSON)
    assert reordered.status_code == 200, reordered.content
    assert [(i["id"], i["is_primary"]) for i in reordered.json()] == [(second["id"], True), (first["id"], False)]
    incomplete = client.post(f"{url}order/", {"order": [first["id"]]}, content_type=JSON)
    assert incomplete.status_code == 400 and "order" in incomplete.json()["fields"]

    assert client.delete(f"{url}{second['id']}/").status_code == 204
    remaining = client.get(url).json()
    assert [(i["id"], i["is_primary"]) for i in remaining] == [(first["id"], True)]
    assert client.delete(f"{url}{second['id']}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"this is just text, not a JPEG"),
        (
            "logo.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<rect width="10" height="10"/></svg>',
        ),
        ("truncated.png", png().getvalue()[:60]),
    ],
)
def test_image_upload_refuses_what_is_not_an_image(tenant_a, media_root, name, content):
    product = make_product(tenant_a, "IMG-2")
    response = client_for(tenant_a).post(f"{A}/products/{product.pk}/images/", {"image": upload(name, content)})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "image_invalid"
    assert "image" in response.json()["fields"]
    with tenant_a:
        assert not ProductImage.objects.exists()


def test_image_upload_without_file_is_400(tenant_a, media_root):
    product = make_product(tenant_a, "IMG-3")
    response = client_for(tenant_a).post(f"{A}/products/{product.pk}/images/", {"alt_text": "x"})
    assert response.status_code == 400 and "image" in response.json()["fields"]
