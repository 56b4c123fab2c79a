import io

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.catalog import limits, services
from apps.catalog.models import ProductImage
from apps.core.errors import ValidationFailed

from .factories import image_upload, product


def add(tenant, upload, capture):
    with tenant:
        p = product(tenant.store)
        with capture(execute=True):
            image = services.image_add(store=tenant.store, product=p, actor=None, upload=upload)
        image.refresh_from_db()
        return image


def test_upload_is_stored_under_the_merchant_and_renditions_made(tenant_a, django_capture_on_commit_callbacks):
    image = add(tenant_a, image_upload(size=(2000, 1000)), django_capture_on_commit_callbacks)
    assert image.original.name.startswith(f"m_alpha/catalog/{tenant_a.store.id}/")
    assert image.status == "ready" and image.is_primary
    assert set(image.renditions) == {"thumbnail", "small", "medium", "large"}
    large = image.renditions["large"]
    assert (large["width"], large["height"]) == (1280, 640)
    for name in ("webp", "jpeg"):
        path = image.renditions["thumbnail"][name]
        assert path.startswith("m_alpha/") and default_storage.exists(path)
        with default_storage.open(path) as fh, Image.open(fh) as thumb:
            assert thumb.format == ("WEBP" if name == "webp" else "JPEG")
            assert max(thumb.size) == 160


def test_exif_orientation_applied_and_metadata_stripped(tenant_a, django_capture_on_commit_callbacks):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°
    exif[0x010F] = "SecretCam"  # camera make
    upload = image_upload(size=(60, 40), exif=exif.tobytes())
    image = add(tenant_a, upload, django_capture_on_commit_callbacks)
    assert (image.width, image.height) == (40, 60)
    with default_storage.open(image.original.name) as fh:
        stored_bytes = fh.read()
    assert b"SecretCam" not in stored_bytes
    with Image.open(io.BytesIO(stored_bytes)) as stored:
        assert not stored.getexif()


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("notes.jpg", b"just some text, not a picture"), "image_invalid"),
        (
            SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            "image_invalid",
        ),
        (SimpleUploadedFile("empty.png", b""), "image_invalid"),
    ],
)
def test_non_images_are_refused(tenant_a, upload, code):
    with tenant_a:
        p = product(tenant_a.store)
        with pytest.raises(ValidationFailed) as excinfo:
            services.image_add(store=tenant_a.store, product=p, actor=None, upload=upload)
        assert excinfo.value.code == code and "image" in excinfo.value.fields
        assert not ProductImage.objects.exists()


def test_truncated_image_is_refused(tenant_a):
    whole = image_upload(size=(400, 300)).read()
    cut = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2])
    with tenant_a, pytest.raises(ValidationFailed) as excinfo:
        services.image_add(store=tenant_a.store, product=product(tenant_a.store), actor=None, upload=cut)
    assert "damaged" in excinfo.value.message


def test_decompression_bomb_is_refused_before_decoding(tenant_a):
    buffer = io.BytesIO()
    Image.new("1", (9000, 5000)).save(buffer, "PNG")  # 45 megapixels in a few kilobytes
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue())
    assert bomb.size < 100_000
    with tenant_a, pytest.raises(ValidationFailed) as excinfo:
        services.image_add(store=tenant_a.store, product=product(tenant_a.store), actor=None, upload=bomb)
    assert excinfo.value.code == "image_too_large"


def test_too_many_bytes_is_refused(tenant_a, monkeypatch):
    monkeypatch.setattr(services.images, "MAX_BYTES", 1000)
    with tenant_a, pytest.raises(ValidationFailed) as excinfo:
        services.image_add(
            store=tenant_a.store, product=product(tenant_a.store), actor=None, upload=image_upload(size=(300, 300))
        )
    assert excinfo.value.code == "image_too_large"


def test_reorder_primary_and_delete(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        p = product(tenant_a.store)
        with django_capture_on_commit_callbacks(execute=True):
            first = services.image_add(store=tenant_a.store, product=p, actor=None, upload=image_upload())
            second = services.image_add(
                store=tenant_a.store, product=p, actor=None, upload=image_upload(color=(0, 0, 255))
            )
        services.image_reorder(store=tenant_a.store, product=p, ordered_ids=[second.pk, first.pk], actor=None)
        assert list(p.images.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
        with pytest.raises(ValidationFailed):
            services.image_reorder(store=tenant_a.store, product=p, ordered_ids=[second.pk], actor=None)
        services.image_update(
            store=tenant_a.store,
            product=p,
            image_id=second.pk,
            actor=None,
            primary=True,
            alt_text={"en": "Blue", "fr": "Bleu"},
        )
        assert p.images.get(is_primary=True).pk == second.pk
        path = ProductImage.objects.get(pk=second.pk).original.name
        with django_capture_on_commit_callbacks(execute=True):
            services.image_delete(store=tenant_a.store, product=p, image_id=second.pk, actor=None)
        assert p.images.get().is_primary
        assert not default_storage.exists(path)


def test_images_per_product_are_bounded(tenant_a, monkeypatch):
    # given a product that holds the most images a product may have
    monkeypatch.setattr(limits, "MAX_IMAGES_PER_PRODUCT", 2)
    with tenant_a:
        p = product(tenant_a.store)
        for color in ((255, 0, 0), (0, 255, 0)):
            services.image_add(store=tenant_a.store, product=p, actor=None, upload=image_upload(color=color))

        # when one more comes, even one that is not an image, then the limit is what is said
        for upload in (image_upload(color=(0, 0, 255)), SimpleUploadedFile("x.jpg", b"not an image")):
            with pytest.raises(ValidationFailed) as excinfo:
                services.image_add(store=tenant_a.store, product=p, actor=None, upload=upload)
            assert excinfo.value.code == "too_many_images" and "image" in excinfo.value.fields
        assert ProductImage.objects.filter(product=p).count() == 2

        # and after a deletion there is room again; other products are not affected
        services.image_delete(store=tenant_a.store, product=p, image_id=p.images.first().pk, actor=None)
        services.image_add(store=tenant_a.store, product=p, actor=None, upload=image_upload())
        services.image_add(store=tenant_a.store, product=product(tenant_a.store), actor=None, upload=image_upload())


@pytest.fixture
def s3_server():
    """An S3-compatible server on loopback (moto), standing in for S3 at its edge."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def test_images_on_s3_under_the_merchant_prefix(
    tenant_a, s3_server, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-1").create_bucket(
        Bucket="media", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "apps.core.storage.TenantS3Storage",
            "OPTIONS": {
                "bucket_name": "media",
                "endpoint_url": s3_server,
                "region_name": "eu-west-1",
                "file_overwrite": False,
                "querystring_auth": False,
            },
        },
    }
    # (pytest-django's settings fixture sends setting_changed: Django rebuilds default_storage)
    image = add(tenant_a, image_upload(size=(900, 600)), django_capture_on_commit_callbacks)
    client = boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-1")
    keys = {o["Key"] for o in client.list_objects_v2(Bucket="media")["Contents"]}
    assert image.original.name in keys
    assert all(key.startswith("m_alpha/catalog/") for key in keys)
    assert len(keys) == 1 + 4 * 2  # original + 4 renditions in 2 formats
    assert image.original.url.startswith(f"{s3_server}/media/m_alpha/")


def test_media_is_served_only_on_its_merchants_domain(tenant_a, tenant_b, django_capture_on_commit_callbacks):
    image = add(tenant_a, image_upload(), django_capture_on_commit_callbacks)
    url = f"/media/{image.original.name}"
    own = tenant_a.client().get(url)
    assert own.status_code == 200 and own["Content-Type"] == "image/jpeg"
    assert tenant_b.client().get(url).status_code == 404
    assert tenant_a.client().get("/media/m_alpha/../m_beta/x.jpg").status_code == 404
