"""The forms of the product page (ProductEditor bundles them): the product's own fields with the
button pressed, the option names, one form per variant (existing ones by id, new ones in a formset),
one per image, and the main image with new uploads. Each offers only what the user's role may
change: the editor builds them with the fields disabled or left out otherwise."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError

from .. import limits, services
from ..forms import ImageAltForm, ProductForm, VariantForm
from ..models import Product, ProductImage, Variant

OPTION_COLUMNS = 3  # option names offered (more when the product's variants already use more)
OPTION_EXAMPLES = (_("Size"), _("Colour"), _("Material"))
INTENTS = {
    # intent: the status it sets (None: the status stays)
    "draft": Product.Status.DRAFT,
    "publish": Product.Status.ACTIVE,
    "unpublish": Product.Status.DRAFT,
    "save": None,
}


def intents_for(product: Product | None) -> list[str]:
    """The buttons of the form, the one Enter presses first: a draft is saved or published, a live
    product saved or taken off the shop, an archived one saved or published again."""
    if product is None or product.status == Product.Status.DRAFT:
        return ["draft", "publish"]
    if product.status == Product.Status.ACTIVE:
        return ["save", "unpublish"]
    return ["save", "publish"]


class ProductPageForm(ProductForm):
    """The product's own fields on the page. The status is set by the button pressed (`intent`);
    stock belongs to the variants."""

    intent = forms.ChoiceField(widget=forms.HiddenInput, choices=[(name, name) for name in INTENTS])

    def __init__(self, *args, product: Product | None = None, **kwargs):
        super().__init__(*args, product=product, **kwargs)
        for name in ("status", "stock"):
            self.fields.pop(name, None)
        self.fields["intent"].choices = [(name, name) for name in intents_for(product)]
        self.fields["intent"].error_messages["invalid_choice"] = _("Choose one of the buttons below the form.")
        self.fields["intent"].disabled = False  # read-only pages show no buttons and cannot post

    PAGE_ORDER = ("price", "compare_at_price", "cost_price", "vat_rate", "sku", "gtin", "brand", "weight_grams")

    def main_fields(self):
        return [self[name] for name in self.PAGE_ORDER if name in self.fields]

    def language_sections(self):
        """[(code, name, fields, has errors, open)]: the store's language and those filled in or with
        errors are shown open."""
        return [
            (code, name, fields, errors, index == 0 or errors or any(field.value() for field in fields))
            for index, (code, name, fields, errors) in enumerate(self.language_fields())
        ]

    def service_data(self, *, changed_only: bool) -> tuple[dict, list[int] | None]:
        data, category_ids = super().service_data(changed_only=changed_only)
        data.pop("intent", None)  # a button, not a field of the product
        return data, category_ids

    def status(self, product: Product | None) -> str | None:
        """The status the pressed button asks for, when it changes anything."""
        status = INTENTS[self.cleaned_data["intent"]]
        return None if product is not None and status == product.status else status


# --- Options and variants ---------------------------------------------------------------------------


class OptionNamesForm(forms.Form):
    """The names of the ways this product's variants differ ("Size", "Colour"), one column each."""

    def __init__(self, *args, names: list[str], read_only: bool = False, **kwargs):
        kwargs.setdefault("initial", {f"name_{i}": name for i, name in enumerate(names, start=1)})
        super().__init__(*args, **kwargs)
        self.count = max(OPTION_COLUMNS, len(names))
        for i in range(1, self.count + 1):
            example = OPTION_EXAMPLES[i - 1] if i <= len(OPTION_EXAMPLES) else ""
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Option %(number)d") % {"number": i},
                max_length=60,
                required=False,
                disabled=read_only,
                widget=forms.TextInput(attrs={"placeholder": example, "autocomplete": "off"}),
            )

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for i in range(1, self.count + 1):
            name = (cleaned.get(f"name_{i}") or "").strip().lower()
            if name and name in seen:
                self.add_error(f"name_{i}", _("Each option only once."))
            seen.add(name)
        return cleaned

    def names(self) -> list[str]:
        """The names, column by column ("" where none), as submitted (or as they were)."""
        return [(self[f"name_{i}"].value() or "").strip() for i in range(1, self.count + 1)]

    def labels(self) -> list[str]:
        """What each column's value field is called: its option's name, else "Option 2 value"."""
        return [name or _("Option %(number)d value") % {"number": i} for i, name in enumerate(self.names(), start=1)]


class VariantRowForm(VariantForm):
    """One variant on the product form: SKU, barcode, price, opening stock (new ones only), a value per
    option column, and (for roles that may) a box to delete it."""

    def __init__(
        self,
        *args,
        labels: list[str],
        variant: Variant | None = None,
        default: bool = False,
        can_remove: bool = False,
        read_only: bool = False,
        **kwargs,
    ):
        super().__init__(*args, variant=variant, **kwargs)
        self.default = default
        for name in [n for n in self.fields if n.startswith("option_")]:
            del self.fields[name]
        values = _values_by_option(variant) if variant is not None else {}
        self.columns = len(labels)
        for i, label in enumerate(labels, start=1):
            self.fields[f"value_{i}"] = forms.CharField(
                label=label,
                max_length=60,
                required=False,
                initial=values.get(str(label).strip().lower(), ""),
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        if default:  # the product's first variant: its SKU unless another is given
            self.fields["sku"].required = False
            self.fields["sku"].help_text = _("Empty: the product's SKU.")
        if can_remove:
            self.fields["remove"] = forms.BooleanField(label=_("Delete this variant"), required=False)
        for field in self.fields.values():
            field.disabled = field.disabled or read_only

    def clean(self):
        return forms.Form.clean(self)  # options are named per column (OptionNamesForm), not per row

    def values(self) -> list[str]:
        return [(self.cleaned_data.get(f"value_{i}") or "").strip() for i in range(1, self.columns + 1)]

    def main_fields(self):
        return [self[name] for name in ("sku", "barcode", "price", "stock") if name in self.fields]

    def value_fields(self):
        return [self[f"value_{i}"] for i in range(1, self.columns + 1)]

    def removed(self) -> bool:
        return bool(self.cleaned_data.get("remove"))

    def values_changed(self) -> bool:
        return any(name.startswith("value_") for name in self.changed_data)


@dataclass
class VariantRow:
    variant: Variant
    form: VariantRowForm


def _values_by_option(variant: Variant) -> dict[str, str]:
    """{option name, lower case, in the active language: value} of a variant."""
    return {str(value.option_type.name).strip().lower(): str(value.value) for value in variant.option_values.all()}


def option_names_of(variants: Iterable[Variant]) -> list[str]:
    """The options the variants use, in the store's order of options."""
    types = {value.option_type_id: value.option_type for v in variants for value in v.option_values.all()}
    return [str(t.name) for t in sorted(types.values(), key=lambda t: (t.position, t.pk))]


class NewVariantFormSet(BaseFormSet):
    """Variants added on the form. On a new product the first row is its default variant."""

    creating = False

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["default"] = self.creating and index == 0
        return kwargs


def new_variant_formset(*, rows: int, creating: bool, room: int) -> type[NewVariantFormSet]:
    formset = formset_factory(
        VariantRowForm,
        formset=NewVariantFormSet,
        extra=rows,
        max_num=max(room, 0),
        validate_max=True,
        absolute_max=limits.MAX_VARIANTS_PER_PRODUCT,
    )
    formset.creating = creating
    return formset


# --- Images -----------------------------------------------------------------------------------------


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several image files at once: a list of uploads, empty when none was chosen."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleImageField, self).clean(upload, initial) for upload in files]


class ImagesForm(forms.Form):
    """The main image (one radio per image) and new uploads, checked and cleaned as they arrive."""

    def __init__(self, *args, images: list[ProductImage], can_change: bool, can_add: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.room = limits.MAX_IMAGES_PER_PRODUCT - len(images)
        self.normalised: list[services.NormalisedImage] = []
        if images:
            primary = next((image.pk for image in images if image.is_primary), images[0].pk)
            self.fields["main"] = forms.TypedChoiceField(
                label=_("Main image"),
                choices=[(image.pk, _("Image %(number)d") % {"number": n}) for n, image in enumerate(images, 1)],
                coerce=int,
                initial=primary,
                widget=forms.RadioSelect,
                disabled=not can_change,
            )
        if can_add and self.room > 0:
            self.fields["uploads"] = MultipleImageField(
                label=_("Add images"),
                required=False,
                help_text=_(
                    "JPEG, PNG, WebP or GIF, up to 15 MB each, at most %(max)d per product. "
                    "Choose several at once if you like."
                )
                % {"max": limits.MAX_IMAGES_PER_PRODUCT},
                widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
            )

    def clean_uploads(self):
        uploads = self.cleaned_data["uploads"]
        if len(uploads) > self.room:
            raise forms.ValidationError(
                _("A product can have at most %(max)d images: choose at most %(room)d more."),
                params={"max": limits.MAX_IMAGES_PER_PRODUCT, "room": self.room},
            )
        problems = []
        for upload in uploads:
            try:
                self.normalised.append(services.image_normalise(upload))
            except ApplicationError as error:
                problems.append(_("%(file)s: %(error)s") % {"file": upload.name, "error": error.message})
        if problems:
            raise forms.ValidationError(problems)
        return uploads


class ImageRowForm(ImageAltForm):
    """One image: its alt texts, its place and (for roles that may) a box to delete it."""

    def __init__(self, *args, store, image: ProductImage, number: int, can_change: bool, can_remove: bool, **kwargs):
        super().__init__(*args, store=store, image=image, **kwargs)
        self.image = image
        self.fields["position"] = forms.IntegerField(
            label=_("Place"), min_value=1, max_value=limits.MAX_IMAGES_PER_PRODUCT, initial=number
        )
        for field in self.fields.values():
            field.disabled = not can_change
        if can_remove:
            self.fields["remove"] = forms.BooleanField(label=_("Delete this image"), required=False)

    def alt_fields(self):
        return [self[name] for name in self.fields if name.startswith("alt_text_")]

    def alt_changed(self) -> bool:
        return any(name.startswith("alt_text_") for name in self.changed_data)

    def alt_texts(self):
        return {
            name.removeprefix("alt_text_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("alt_text_")
        }


@dataclass
class ImageRow:
    image: ProductImage
    form: ImageRowForm
    radio: Any  # the image's choice of the main-image radios
