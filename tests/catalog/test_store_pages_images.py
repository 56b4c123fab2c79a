"""Images on the product page: upload, order, main image, alt texts, delete, and what is refused."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.catalog import limits
from apps.catalog.models import ProductImage

from .store_pages import BASE, make_product, messages_of, png_bytes


def test_upload_images_reorder_primary_alt_and_delete(tenant_a, django_capture_on_commit_callbacks):
    product = make_product(tenant_a, "IMG-1")
    client = tenant_a.client(tenant_a.owner())
    url = f"{BASE}products/{product.pk}/images/"

    # when two images are uploaded at once (by the page's script)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "images": [
                    SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
                    SimpleUploadedFile("b.png", png_bytes(color=(0, 0, 255)), content_type="image/png"),
                ]
            },
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
    # then both are stored, the first is primary, and the script is told where to go
    assert response.status_code == 200
    assert response.json() == {"location": f"{BASE}products/{product.pk}/#images"}
    with tenant_a:
        first, second = ProductImage.objects.filter(product=product).order_by("position")
        assert first.is_primary and not second.is_primary
        assert first.status == "ready"  # the renditions task ran
    page = client.get(f"{BASE}products/{product.pk}/")
    assert "2 images added." in messages_of(page)

    # when the second image moves up, gets alt texts and becomes primary
    client.post(f"{url}{second.pk}/move/up/")
    client.post(f"{url}{second.pk}/", {"alt_text_en": "Blue", "alt_text_fr": "Bleu"})
    client.post(f"{url}{second.pk}/", {"primary": "1"})
    with tenant_a:
        ordered = list(ProductImage.objects.filter(product=product).order_by("position"))
        assert [i.pk for i in ordered] == [second.pk, first.pk]
        assert ordered[0].is_primary and not ordered[1].is_primary
        assert (ordered[0].alt_text_en, ordered[0].alt_text_fr) == ("Blue", "Bleu")

    # when an image is deleted
    client.post(f"{url}{first.pk}/delete/")
    with tenant_a:
        assert list(ProductImage.objects.filter(product=product).values_list("pk", flat=True)) == [second.pk]


def test_a_text_file_named_jpg_is_refused_with_a_message(tenant_a):
    product = make_product(tenant_a, "IMG-2")
    client = tenant_a.client(tenant_a.owner())

    response = client.post(
        f"{BASE}products/{product.pk}/images/",
        {"images": [SimpleUploadedFile("photo.jpg", b"this is not an image", content_type="image/jpeg")]},
        follow=True,
    )

    assert response.status_code == 200
    assert any(m.startswith("photo.jpg: ") and "not an image" in m for m in messages_of(response))
    with tenant_a:
        assert not ProductImage.objects.filter(product=product).exists()


def test_uploading_past_the_image_bound_says_what_was_left_out(tenant_a, monkeypatch):
    # given a product with room for one more image
    monkeypatch.setattr(limits, "MAX_IMAGES_PER_PRODUCT", 2)
    product = make_product(tenant_a, "IMG-FULL")
    client = tenant_a.client(tenant_a.owner())
    url = f"{BASE}products/{product.pk}/images/"
    client.post(url, {"images": [SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")]})

    # when three more are uploaded at once
    files = [SimpleUploadedFile(f"{n}.png", png_bytes(color=(n, 0, 0)), content_type="image/png") for n in (1, 2, 3)]
    response = client.post(url, {"images": files}, follow=True)

    # then one is added and the page says two were not, and why; the upload form gives way to a note
    assert response.status_code == 200
    assert "1 image added." in messages_of(response)
    assert "2 images were not added: a product can have at most 2 images." in messages_of(response)
    assert b'id="upload-form"' not in response.content
    assert b"the most images a product can have (2)" in response.content
    with tenant_a:
        assert ProductImage.objects.filter(product=product).count() == 2
