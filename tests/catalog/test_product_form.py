"""The product form: one form creates a product with its images and variants and saves it as a draft or
publishes it; the same form changes it later; errors keep what was typed and save nothing."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.catalog import services
from apps.catalog.models import OptionType, OptionValue, Product, ProductImage, Variant
from apps.core.roles import Role

from .store_pages import BASE, form_data, make_category, make_product, messages_of, png_bytes, product_form_data

ADD = f"{BASE}products/add/"


def _png(name: str, color=(200, 30, 30)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(color=color), content_type="image/png")


def _variants(product) -> list[tuple]:
    return [
        (v.sku, v.price, v.inventory.quantity, sorted(str(value.value) for value in v.option_values.all()))
        for v in Variant.objects.filter(product=product).order_by("position", "id")
    ]


def test_one_post_creates_a_published_product_with_images_and_variants(tenant_a, django_capture_on_commit_callbacks):
    # given an editor on the new-product form, which offers both choices at its bottom
    shirts = make_category(tenant_a, "Shirts")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    page = client.get(ADD)
    assert [intent for intent, _label in page.context["buttons"]] == ["draft", "publish"]
    html = page.content.decode()
    assert html.index('name="images-uploads"') < html.index('name="new-0-sku"') < html.index('value="publish"')

    # when the whole product is sent at once: texts, price, category, two options, two variants (a third
    # row left empty) and two images, with Publish
    data = product_form_data(
        sku="TEE",
        title_en="T-shirt",
        title_fr="T-shirt en coton",
        price="19.00",
        categories=[str(shirts.pk)],
        intent="publish",
        **{
            "options-name_1": "Size",
            "options-name_2": "Colour",
            "new-TOTAL_FORMS": "3",
            "new-0-value_1": "S",
            "new-0-value_2": "Red",
            "new-0-stock": "2",
            "new-1-sku": "TEE-M",
            "new-1-price": "21.00",
            "new-1-value_1": "M",
            "new-1-value_2": "Red",
            "new-1-stock": "4",
            "new-2-stock": "0",
            "images-uploads": [_png("front.png"), _png("back.png", color=(0, 0, 200))],
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, data)

    # then the product is there, published, with both variants, their options and stock, and the images
    assert response.status_code == 302, response.context and response.context["editor"].all_forms()
    with tenant_a:
        product = Product.objects.get(sku="TEE")
        assert response["Location"] == f"{BASE}products/{product.pk}/"
        assert (product.status, product.title_fr, product.price) == ("active", "T-shirt en coton", Decimal("19.00"))
        assert product.published_at is not None
        assert list(product.categories.values_list("pk", flat=True)) == [shirts.pk]
        assert _variants(product) == [("TEE", None, 2, ["Red", "S"]), ("TEE-M", Decimal("21.00"), 4, ["M", "Red"])]
        images = list(ProductImage.objects.filter(product=product).order_by("position"))
        assert [(i.is_primary, i.status) for i in images] == [(True, "ready"), (False, "ready")]
        assert sorted(str(t.name) for t in OptionType.objects.all()) == ["Colour", "Size"]
    assert messages_of(client.get(response["Location"]))[0].startswith("Product published")


def test_save_draft_keeps_it_a_draft_and_the_buttons_follow_the_status(tenant_a):
    client = tenant_a.client(tenant_a.owner())

    # when a new product is saved as a draft
    response = client.post(ADD, product_form_data(intent="draft"))

    # then it is a draft, not published, and its page offers Save draft and Publish
    assert response.status_code == 302
    with tenant_a:
        product = Product.objects.get(sku="NEW-1")
        assert (product.status, product.published_at) == ("draft", None)
    url = response["Location"]
    page = client.get(url)
    assert [intent for intent, _label in page.context["buttons"]] == ["draft", "publish"]
    assert "Draft saved." in messages_of(page)[0]

    # when it is published from its page, then it is live and offers Save and Unpublish
    assert client.post(url, form_data(page, intent="publish")).status_code == 302
    page = client.get(url)
    with tenant_a:
        product.refresh_from_db()
        assert product.status == "active" and product.published_at is not None
    assert [intent for intent, _label in page.context["buttons"]] == ["save", "unpublish"]

    # Save keeps it live; Unpublish makes it a draft again
    assert client.post(url, form_data(page, title_en="Renamed")).status_code == 302
    with tenant_a:
        product.refresh_from_db()
        assert (product.status, product.title_en) == ("active", "Renamed")
    client.post(url, form_data(client.get(url), intent="unpublish"))
    with tenant_a:
        product.refresh_from_db()
        assert product.status == "draft"
    # a button the product's status does not offer is refused
    refused = client.post(url, form_data(client.get(url), intent="unpublish"))
    assert refused.status_code == 400 and refused.context["form"].errors["intent"]


def test_invalid_input_keeps_everything_typed_and_creates_nothing(tenant_a):
    client = tenant_a.client(tenant_a.owner())
    counts = _counts(tenant_a)

    # when the form is sent with a bad price, a file that is no image and a value for an unnamed option
    response = client.post(
        ADD,
        product_form_data(
            price="abc",
            title_fr="Mon produit",
            **{
                "new-TOTAL_FORMS": "2",
                "new-1-sku": "NEW-1-XL",
                "new-1-value_2": "XL",
                "images-uploads": [_png("good.png"), SimpleUploadedFile("notes.jpg", b"not an image")],
            },
        ),
    )

    # then the form comes back with every error in place and everything typed, and asks for the files again
    assert response.status_code == 400
    editor = response.context["editor"]
    assert editor.form.errors["price"] == ["Enter an amount of 0 or more with at most two decimals."]
    assert editor.images.errors["uploads"][0].startswith("notes.jpg: ")
    assert editor.options.errors["name_2"]
    html = response.content.decode()
    for typed in ('value="Mon produit"', 'value="NEW-1-XL"', 'value="XL"', 'value="abc"', 'value="Crémant Brut"'):
        assert typed in html, typed
    assert "Choose the images again" in html
    assert _counts(tenant_a) == counts


def test_a_refusal_after_the_product_was_made_leaves_nothing_behind(tenant_a):
    # given a SKU already used by another product
    make_product(tenant_a, "TAKEN")
    client = tenant_a.client(tenant_a.owner())
    counts = _counts(tenant_a)

    # when a valid form adds a variant with that SKU (refused only once the product is made)
    response = client.post(
        ADD,
        product_form_data(**{"new-TOTAL_FORMS": "2", "new-1-sku": "taken", "images-uploads": [_png("a.png")]}),
    )

    # then the refusal is on that variant's SKU, and neither the product nor anything else was kept
    assert response.status_code == 400
    rows = list(response.context["editor"].new_rows)
    assert rows[1].errors["sku"] == ["This SKU is already used in this store."]
    assert _counts(tenant_a) == counts
    with tenant_a:
        assert not Product.objects.filter(sku="NEW-1").exists()


def _counts(tenant) -> tuple[int, ...]:
    with tenant:
        return tuple(m.objects.count() for m in (Product, Variant, ProductImage, OptionType, OptionValue))


def test_the_same_form_changes_variants_and_images(tenant_a):
    # given a product with two images and two variants
    product = make_product(tenant_a, "CAP", stock=3)
    with tenant_a:
        store = tenant_a.store
        first, second = (
            services.image_add(store=store, product=product, actor=None, upload=_png(f"{n}.png")) for n in "ab"
        )
        extra = services.variant_create(store=store, product=product, actor=None, sku="CAP-2")
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    url = f"{BASE}products/{product.pk}/"
    page = client.get(url)

    # when one form deletes a variant, adds another with an option, makes the second image the main
    # one with an alt text, deletes the first image and uploads a third
    response = client.post(
        url,
        form_data(
            page,
            **{
                f"variant-{extra.pk}-remove": "on",
                "options-name_1": "Colour",
                f"variant-{product.variants.first().pk}-value_1": "Blue",
                "new-TOTAL_FORMS": "1",
                "new-0-sku": "CAP-RED",
                "new-0-value_1": "Red",
                "new-0-stock": "6",
                "images-main": str(second.pk),
                f"image-{second.pk}-alt_text_en": "The cap from the side",
                f"image-{first.pk}-remove": "on",
                "images-uploads": [_png("c.png", color=(0, 90, 0))],
            },
        ),
    )

    # then all of it is saved
    assert response.status_code == 302, response.context and [f.errors for f in response.context["editor"].all_forms()]
    with tenant_a:
        assert _variants(product) == [("CAP", None, 3, ["Blue"]), ("CAP-RED", None, 6, ["Red"])]
        images = list(ProductImage.objects.filter(product=product).order_by("position"))
        assert [i.pk for i in images][0] == second.pk and len(images) == 2
        assert images[0].is_primary and images[0].alt_text_en == "The cap from the side"

    # and sending the page unchanged changes nothing
    unchanged = client.post(url, form_data(client.get(url)), follow=True)
    assert "Nothing changed." in messages_of(unchanged)


def test_add_variant_gives_one_more_row_with_or_without_scripts(tenant_a):
    client = tenant_a.client(tenant_a.member(Role.EDITOR))

    # with htmx: the row with the next number, and the new row count swapped in
    row = client.get(f"{BASE}products/variant-row/", {"new-TOTAL_FORMS": "2", "options-name_1": "Size"})
    assert row.status_code == 200
    html = row.content.decode()
    assert 'name="new-2-sku"' in html and ">Size</label>" in html
    assert 'id="id_new-TOTAL_FORMS"' in html and 'value="3"' in html and 'hx-swap-oob="true"' in html

    # without scripts: the form comes back with one more row and what was typed, and nothing is saved
    response = client.post(ADD, product_form_data(title_en="Kept", add_variant="1"))
    assert response.status_code == 200
    assert len(list(response.context["editor"].new_rows)) == 2
    assert 'value="Kept"' in response.content.decode()
    with tenant_a:
        assert not Product.objects.filter(sku="NEW-1").exists()


def test_create_page_query_count(tenant_a, queries):
    make_category(tenant_a, "Shirts")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    # search_path, session, user, membership, category tree
    assert queries.of_get(client, ADD).count == 5


class _Fields(HTMLParser):
    """The form fields of a page and the ids its labels point at."""

    def __init__(self):
        super().__init__()
        self.fields, self.labelled = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        hidden = attrs.get("type") in ("hidden", "submit", "button")
        if tag in ("input", "select", "textarea") and not hidden:
            self.fields.append(attrs)


def test_every_field_of_the_form_has_a_label(tenant_a):
    product = make_product(tenant_a, "LBL")
    with tenant_a:
        services.image_add(store=tenant_a.store, product=product, actor=None, upload=_png("a.png"))
        services.variant_create(store=tenant_a.store, product=product, actor=None, sku="LBL-2")
    client = tenant_a.client(tenant_a.owner())
    for url in (ADD, f"{BASE}products/{product.pk}/"):
        parser = _Fields()
        parser.feed(client.get(url).content.decode())
        unlabelled = [
            f.get("name") for f in parser.fields if f.get("id") not in parser.labelled and not f.get("aria-label")
        ]
        assert parser.fields and not unlabelled, (url, unlabelled)
